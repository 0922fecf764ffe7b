package main

import (
	"bufio"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
)

// The portal around the comments: the sections of the menu, the articles
// of each, their pictures and the home page. The articles are the files
// content/SECTION/ID.txt, in the export format article.Parse reads; the
// sections, in the menu's order, are the lines "SECTION<TAB>Name" of
// content/chuyen-muc.tsv.

const (
	// siteName is the demo portal's name, in the masthead and the titles.
	siteName = "Hà Nội Ngày Nay"
	// sectionsFile lists the sections of the menu.
	sectionsFile = "content/chuyen-muc.tsv"
	// excerptRunes is how long an article's excerpt on the home page is.
	excerptRunes = 220
	// latestOnTop is how many of the newest articles the home page opens
	// with, the first as its top story.
	latestOnTop = 5
	// clockLayout is the time of an article on the home page.
	clockLayout = "02/01/2006 15:04"
)

// section is one section of the menu with its articles, newest first.
type section struct {
	Slug, Name string
	Articles   []*article.Article
}

// portal is the sections and pictures of the site's articles.
type portal struct {
	sections []*section
	bySlug   map[string]*section
	of       map[string]*section // by article ID
	pictures map[string]string   // the URL of an article's picture, by ID
}

// loadContent parses the articles of every section of fsys's content folder
// into archive, giving each the name of its file as ID, and finds the
// pictures the demo drew for them in static/anh/ID.svg. An article in a
// folder the sections file does not name is an error, not left out.
func loadContent(fsys fs.FS, archive *article.Archive) (*portal, error) {
	p := &portal{bySlug: map[string]*section{}, of: map[string]*section{}, pictures: map[string]string{}}
	list, err := fsys.Open(sectionsFile)
	if err != nil {
		return nil, fmt.Errorf("newsroom: %w", err)
	}
	sc := bufio.NewScanner(list)
	for sc.Scan() {
		slug, name, ok := strings.Cut(sc.Text(), "\t")
		if !ok || slug == "" || name == "" || p.bySlug[slug] != nil {
			list.Close()
			return nil, fmt.Errorf("newsroom: %s: want one \"slug<TAB>name\" line for each section, got %q", sectionsFile, sc.Text())
		}
		sec := &section{Slug: slug, Name: name}
		p.sections = append(p.sections, sec)
		p.bySlug[slug] = sec
	}
	list.Close()
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("newsroom: %s: %w", sectionsFile, err)
	}
	files, err := fs.Glob(fsys, "content/*/*.txt")
	if err != nil {
		return nil, err
	}
	for _, name := range files {
		sec := p.bySlug[path.Base(path.Dir(name))]
		if sec == nil {
			return nil, fmt.Errorf("newsroom: %s: its folder is not a section of %s", name, sectionsFile)
		}
		f, err := fsys.Open(name)
		if err != nil {
			return nil, err
		}
		a, err := article.Parse(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("newsroom: %s: %w", name, err)
		}
		a.ID = strings.TrimSuffix(path.Base(name), ".txt")
		if err := archive.Add(a); err != nil {
			return nil, fmt.Errorf("newsroom: %s: %w", name, err)
		}
		p.of[a.ID] = sec
		if _, err := fs.Stat(static, "static/anh/"+a.ID+".svg"); err == nil {
			p.pictures[a.ID] = "/static/anh/" + a.ID + ".svg"
		}
	}
	for _, a := range archive.Latest(-1) {
		if sec := p.of[a.ID]; sec != nil {
			sec.Articles = append(sec.Articles, a)
		}
	}
	return p, nil
}

// withPictures returns a, or a copy of it whose pictures without a source
// show the one the demo drew for it.
func (p *portal) withPictures(a *article.Article) *article.Article {
	pic := p.pictures[a.ID]
	if pic == "" {
		return a
	}
	c := a.Clone()
	for i, b := range c.Body {
		if b.Kind == article.Image && b.Src == "" {
			c.Body[i].Src = pic
		}
	}
	return c
}

// pageHead is what the layout's "doc" template heads a page with: its
// title and the section the menu marks as the current one.
type pageHead struct {
	Title, Section string
}

// portalFuncs are the templates' functions for the portal's layout.
func (s *site) portalFuncs() template.FuncMap {
	return template.FuncMap{
		"siteName": func() string { return siteName },
		"menu":     func() []*section { return s.portal.sections },
		"pageHead": func(title, section string) pageHead { return pageHead{title, section} },
		"lang":     func() string { return s.pageLang() },
		"clock":    func(t time.Time) string { return t.In(article.Vietnam()).Format(clockLayout) },
		"today":    func() string { return article.FormatLong(s.now()) },
		"fieldError": func(field string, f commentForm) *shownError {
			if text := f.Errors[field]; text != "" {
				return &shownError{field, text, f.ErrLang}
			}
			return nil
		},
	}
}

// shownError is a field's message beside it: its element's id is the
// field's followed by "-loi", which the field's aria-describedby names.
type shownError struct {
	ID, Text, Lang string
}

// pageLang is the language of the site's pages: the -lang of the site
// (parts in Vietnamese whatever it is say so with a lang attribute).
func (s *site) pageLang() string {
	if s.cfg.Lang == "" {
		return "vi"
	}
	return s.cfg.Lang
}

// story is an article as the home page lists it.
type story struct {
	*article.Article
	Section  *section
	Picture  string
	Excerpt  string
	Comments int
}

// homeSection is a section of the home page with its stories.
type homeSection struct {
	*section
	Stories []story
}

// home serves the home page, the newest articles then every section's, or
// with a section's slug in the path that section's page.
func (s *site) home(w http.ResponseWriter, r *http.Request) {
	sections := s.portal.sections
	current := ""
	head := pageHead{siteName, "trang-chu"}
	if slug := r.PathValue("section"); slug != "" {
		sec := s.portal.bySlug[slug]
		if sec == nil {
			s.render(w, http.StatusNotFound, "notfound.html", nil)
			return
		}
		sections, current = []*section{sec}, sec.Slug
		head = pageHead{sec.Name + " – " + siteName, sec.Slug}
	}
	counts, err := s.commentCounts(r.Context())
	if err != nil {
		s.fail(w, "counting comments", err)
		return
	}
	storyOf := func(a *article.Article) story {
		return story{a, s.portal.of[a.ID], s.portal.pictures[a.ID], a.Excerpt(excerptRunes), counts[a.ID]}
	}
	var latest []story
	if current == "" {
		for _, a := range s.archive.Latest(latestOnTop) {
			latest = append(latest, storyOf(a))
		}
	}
	shown := make([]homeSection, 0, len(sections))
	for _, sec := range sections {
		hs := homeSection{section: sec}
		for _, a := range sec.Articles {
			hs.Stories = append(hs.Stories, storyOf(a))
		}
		shown = append(shown, hs)
	}
	s.render(w, http.StatusOK, "home.html", map[string]any{
		"Head": head, "Latest": latest, "Sections": shown,
	})
}

// commentCounts returns the number of approved comments of every article,
// reused from the listing cache while fresh: the home page lists every
// article with its count, and counts them once per the cache's time.
func (s *site) commentCounts(ctx context.Context) (map[string]int, error) {
	gen, counts, ok := s.listings.getCounts(s.now())
	if ok {
		return counts, nil
	}
	counts = make(map[string]int, s.archive.Len())
	for _, a := range s.archive.Latest(-1) {
		n, err := s.comments.Count(ctx, a.ID, comment.Approved)
		if err != nil {
			return nil, err
		}
		counts[a.ID] = n
	}
	s.listings.putCounts(gen, counts, s.now())
	return counts, nil
}
