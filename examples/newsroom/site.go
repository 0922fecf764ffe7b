package main

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log"
	"net/http"
	"path"
	"strings"

	"github.com/binhluan/binhluan/article"
)

//go:embed content/*.txt
var content embed.FS

//go:embed templates/*.html
var templates embed.FS

// neighbours is how many articles the newer and older lists show.
const neighbours = 5

// site serves the demo's pages from an archive.
type site struct {
	archive *article.Archive
	pages   *template.Template
	mux     *http.ServeMux
}

// newSite parses the embedded article exports into an archive, giving each
// the name of its file as ID.
func newSite() (*site, error) {
	s := &site{archive: &article.Archive{}}
	files, err := fs.Glob(content, "content/*.txt")
	if err != nil {
		return nil, err
	}
	for _, name := range files {
		f, err := content.Open(name)
		if err != nil {
			return nil, err
		}
		a, err := article.Parse(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("newsroom: %s: %w", name, err)
		}
		a.ID = strings.TrimSuffix(path.Base(name), ".txt")
		if err := s.archive.Add(a); err != nil {
			return nil, fmt.Errorf("newsroom: %s: %w", name, err)
		}
	}
	s.pages, err = template.New("").Funcs(template.FuncMap{
		"stamp": article.FormatStamp,
		"long":  article.FormatLong,
		"image": func(b article.Block) bool { return b.Kind == article.Image },
	}).ParseFS(templates, "templates/*.html")
	if err != nil {
		return nil, err
	}
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /{$}", s.home)
	s.mux.HandleFunc("GET /bai-viet/{slug}", s.article)
	return s, nil
}

// ServeHTTP adds the security headers every page gets.
func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	s.mux.ServeHTTP(w, r)
}

func (s *site) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, http.StatusOK, "home.html", map[string]any{"Articles": s.archive.Latest(-1)})
}

func (s *site) article(w http.ResponseWriter, r *http.Request) {
	a, ok := s.archive.BySlug(r.PathValue("slug"))
	if !ok {
		s.render(w, http.StatusNotFound, "notfound.html", nil)
		return
	}
	s.render(w, http.StatusOK, "article.html", map[string]any{
		"Article": a,
		"Newer":   s.archive.Newer(a.ID, neighbours, false),
		"Older":   s.archive.Older(a.ID, neighbours, false),
	})
}

// render executes a template into a buffer first, so a template error
// becomes a clean 500 rather than half a page.
func (s *site) render(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.pages.ExecuteTemplate(&buf, name, data); err != nil {
		log.Printf("newsroom: rendering %s: %v", name, err)
		http.Error(w, "Lỗi máy chủ", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}
