package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/captcha"
	"github.com/binhluan/binhluan/captcha/limit"
	"github.com/binhluan/binhluan/captcha/redisstore"
	"github.com/binhluan/binhluan/classify"
	"github.com/binhluan/binhluan/classify/abuse"
	"github.com/binhluan/binhluan/classify/redislearn"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/notify"
	"github.com/binhluan/binhluan/internal/atomicfile"
	"github.com/redis/go-redis/v9"
)

//go:embed content
var content embed.FS

//go:embed templates/*.html
var templates embed.FS

//go:embed static
var static embed.FS

const (
	// neighbours is how many articles the newer and older lists show.
	neighbours = 5
	// maxAdminBody bounds a moderator's POST: an action, a note of up to
	// comment.MaxNote bytes (three times as long percent-encoded) and a
	// token.
	maxAdminBody = 16 << 10
	// explainTokens is how many tokens the moderation page shows a comment's
	// score with.
	explainTokens = 5
	// minPassword is the fewest characters a moderator's password may
	// have.
	minPassword = 12
	// modelPerm is the mode of the model files, private like the comments:
	// a model holds fragments of readers' comments.
	modelPerm = 0o600
)

// siteConfig is what newSite needs from main or a test. The zero value is a
// site in memory, in Vietnamese, with the admin disabled and the real clock.
type siteConfig struct {
	// CaptchaStore keeps the captcha challenges; a memory store when nil.
	// Tests pass a captchatest.Store and read the answers from it.
	CaptchaStore captcha.Store
	// Rand is the captcha's source of randomness; crypto/rand when nil.
	Rand io.Reader
	// Now is the clock of the captcha, the form tokens and the comments;
	// time.Now when nil.
	Now func() time.Time
	// DataDir keeps the comments (DIR/binhluan.db, unless DB is set), the
	// model and the form-token key across restarts; everything is in
	// memory when "" and DB is "".
	DataDir string
	// DB is the URL of a PostgreSQL database (postgres://…) to keep the
	// comments in, shared by every server of the site; "" keeps them in
	// SQLite, under DataDir or in memory.
	DB string
	// Lang is the site's language for messages, "vi" (the default) or "en";
	// a reader's Accept-Language comes first.
	Lang string
	// Password, when the site has no moderator accounts, is that of the
	// account "admin" it makes for the run (a random one, shown once, when
	// ""), at least minPassword characters.
	Password string
	// Hash is how moderators' passwords are hashed; defaultHash when zero.
	// Tests set cheap parameters.
	Hash hashParams
	// ListingTTL is how long the comments part of an article page is
	// reused for every reader (see listingCache); 0 renders it on each
	// request.
	ListingTTL time.Duration
	// Redis, when set, holds the captcha challenges and carries the
	// moderators' lessons to every server of the site (captcha/redisstore,
	// classify/redislearn); the caller runs site.follow to receive them.
	Redis redis.UniversalClient
	// AltchaDir is the folder of the proof of work's widget (see pow.go);
	// the form has the image captcha alone when "".
	AltchaDir string
	// Proof is what the form takes as its captcha; captcha.ProofEither
	// when zero, the image alone without the widget.
	Proof captcha.Proof
	// Limits, when set, are the rates per sender of taking challenges and
	// of posting, kept on Redis with Redis; nothing is limited when nil.
	Limits *siteLimits
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client; none when empty.
	TrustedProxies []netip.Prefix
	// WebhookURL, when set, is told of readers' reports and takedown
	// requests (comment/notify), signed with WebhookSecret.
	WebhookURL    string
	WebhookSecret []byte
	// WordsFile names a word list (comment/wordlist's format) whose
	// entries add to the default list, or drop from it.
	WordsFile string
}

// site serves the demo's pages from an archive, takes comments and lets a
// moderator decide on them.
type site struct {
	cfg      siteConfig
	now      func() time.Time
	archive  *article.Archive
	pages    *template.Template
	mux      *http.ServeMux
	key      []byte
	tokens   *comment.Tokens
	captchas *captcha.Service
	messages *comment.Messages
	screener *comment.Screener
	model    atomic.Pointer[classify.Classifier] // the model when not shared; see classifier
	shared   *redislearn.Sync                    // the shared model with -redis
	comments commentStore
	portal   *portal // the sections and pictures of the articles
	desk     *comment.Desk
	webhook  *notify.Webhook     // tells of reports and takedowns, with -webhook
	readers  *comment.ReaderKeys // who reports, without signing in
	accounts *accounts           // the moderators
	oneTime  string              // the password of the run's account "admin", when random
	sessions sessions            // the moderators signed in
	guard    loginGuard          // slows down guessing of moderators' passwords
	// loginTokens are the login form's tokens; deskCatalog the desk's
	// labels.
	loginTokens *comment.Tokens
	deskCatalog *catalog.Builder
	listings    listingCache

	// The captcha's wiring (pow.go): what the form takes, the widget's
	// files by name, and the limits per sender (nil without limits).
	gate       captcha.Gate
	widget     map[string]widgetFile
	issueLimit limit.Limiter
	postLimit  limit.Limiter

	decide sync.Mutex // one moderator's decision at a time: learn, save, record
}

const (
	// commentsPerPage is how many comments an article page shows, replies
	// included; "Xem thêm bình luận" links to the next ones.
	commentsPerPage = 20
	// queuePerPage is how many comments a moderation tab shows at a time.
	queuePerPage = 50
	// storeTimeout bounds a write that must not be cut short by a reader
	// or moderator going away: a decision's record, an erasure.
	storeTimeout = 10 * time.Second
)

// newSite parses the embedded article exports into an archive, giving each
// the name of its file as ID, and opens or starts the comments, the model and
// the form-token key.
func newSite(cfg siteConfig) (*site, error) {
	s := &site{cfg: cfg, now: cfg.Now, archive: &article.Archive{}, messages: comment.NewMessages()}
	s.listings.ttl = cfg.ListingTTL
	if s.now == nil {
		s.now = time.Now
	}
	switch cfg.Lang {
	case "", "vi", "en":
	default:
		return nil, fmt.Errorf("newsroom: language %q: want vi or en", cfg.Lang)
	}
	if cfg.Password != "" {
		if err := checkPassword(cfg.Password); err != nil {
			return nil, err
		}
	}
	var err error
	if s.portal, err = loadContent(content, s.archive); err != nil {
		return nil, err
	}
	s.pages, err = template.New("").Funcs(template.FuncMap{
		"stamp":      article.FormatStamp,
		"long":       article.FormatLong,
		"image":      func(b article.Block) bool { return b.Kind == article.Image },
		"paragraphs": paragraphs,
	}).Funcs(s.portalFuncs()).ParseFS(templates, "templates/*.html")
	if err != nil {
		return nil, err
	}

	if s.key, err = formKey(cfg.DataDir); err != nil {
		return nil, err
	}
	if s.tokens, err = comment.NewTokens(&comment.TokensConfig{Key: s.key}); err != nil {
		return nil, err
	}
	store := cfg.CaptchaStore
	if store == nil && cfg.Redis != nil {
		store = redisstore.New(cfg.Redis, &redisstore.Options{Now: cfg.Now})
	}
	s.captchas, err = captcha.New(&captcha.Config{Store: store, Key: captchaKey(s.key), Rand: cfg.Rand, Now: cfg.Now})
	if err != nil {
		return nil, err
	}
	if err := s.openGate(); err != nil {
		return nil, err
	}
	if err := s.openLimits(); err != nil {
		return nil, err
	}
	if cfg.Redis != nil {
		err = s.openShared()
	} else {
		err = s.openModel()
	}
	if err != nil {
		return nil, err
	}
	// Abuse is held for a moderator whatever the spam model says; the
	// starter model screens it until the site trains its own.
	abuseModel, err := abuse.Default(nil)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if s.comments, err = openComments(ctx, cfg.DB, cfg.DataDir); err != nil {
		return nil, err
	}
	s.screener = &comment.Screener{
		Rules:   comment.DefaultRules(),
		Tokens:  s.tokens,
		Captcha: s.gate,
		Spam:    liveModel{s},
		Abuse:   abuseModel,
		Recent:  &comment.Recent{},
		Parents: s.comments,
	}
	if err := s.openDesk(); err != nil {
		s.comments.Close()
		return nil, err
	}

	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /{$}", s.home)
	s.mux.HandleFunc("GET /chuyen-muc/{section}", s.home)
	s.mux.HandleFunc("GET /bai-viet/{slug}", s.article)
	s.mux.HandleFunc("POST /bai-viet/{slug}", s.post)
	s.mux.Handle("/captcha/", s.limited(http.StripPrefix("/captcha", s.captchas.Handler())))
	s.mux.HandleFunc("GET /altcha/{file}", s.serveWidget)
	s.mux.Handle("GET /static/", http.FileServerFS(filesOnly{static}))
	s.routeDesk()
	return s, nil
}

// captchaKey derives the key that seals the captcha challenges from the
// form key, so that servers sharing a data folder's key (and Redis) open
// each other's challenges.
func captchaKey(formKey []byte) []byte {
	m := hmac.New(sha256.New, formKey)
	m.Write([]byte("newsroom captcha key"))
	return m.Sum(nil)
}

// formKey returns the key of the form tokens and the admin's CSRF tokens:
// random for each run in memory, kept in DIR/form-key (0600) with a data
// folder so forms rendered before a restart can still be posted after it.
func formKey(dir string) ([]byte, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	if dir == "" {
		return key, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("newsroom: %w", err)
	}
	name := filepath.Join(dir, "form-key")
	old, err := os.ReadFile(name)
	switch {
	case err == nil && len(old) >= 16:
		return old, nil
	case err == nil:
		return nil, fmt.Errorf("newsroom: %s is too short: delete it to make a new key", name)
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("newsroom: %w", err)
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("newsroom: %w", err)
	}
	_, err = f.Write(key)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("newsroom: writing %s: %w", name, err)
	}
	return key, nil
}

// modelPath is where the model is kept under a data folder, and
// sharedModelPath where it is with -redis: the shared model and the id of
// the last lesson of the stream it holds (see redislearn's checkpoint).
func modelPath(dir string) string       { return filepath.Join(dir, "model.blnb") }
func sharedModelPath(dir string) string { return filepath.Join(dir, "shared-model.blrc") }

// openModel loads the saved model, or starts from classify's starter model
// when there is no data folder or nothing saved yet.
func (s *site) openModel() error {
	if s.cfg.DataDir != "" {
		if _, err := os.Stat(modelPath(s.cfg.DataDir)); err == nil {
			m, err := classify.LoadFile(modelPath(s.cfg.DataDir), nil)
			if err != nil {
				return err
			}
			s.model.Store(m)
			return nil
		}
	}
	m, err := classify.Default(nil)
	if err != nil {
		return err
	}
	s.model.Store(m)
	return nil
}

// openShared starts the model shared through Redis from classify's starter
// model, every server alike, then takes the newer of the saved checkpoint
// (with a data folder) and the snapshot in Redis, so that follow goes on
// from the last lesson the model holds instead of learning it again.
func (s *site) openShared() error {
	m, err := classify.Default(nil)
	if err != nil {
		return err
	}
	s.shared = redislearn.New(s.cfg.Redis, m, nil)
	if s.cfg.DataDir != "" {
		f, err := os.Open(sharedModelPath(s.cfg.DataDir))
		switch {
		case err == nil:
			_, err = s.shared.ReadCheckpoint(f)
			f.Close()
			if err != nil {
				return fmt.Errorf("newsroom: %s: %w", sharedModelPath(s.cfg.DataDir), err)
			}
		case !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("newsroom: %w", err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := s.shared.LoadSnapshot(ctx); err != nil {
		return fmt.Errorf("newsroom: loading the shared model: %w", err)
	}
	return nil
}

// saveModel writes m to the data folder's model file.
func (s *site) saveModel(m *classify.Classifier) error {
	err := atomicfile.Write(modelPath(s.cfg.DataDir), modelPerm, func(w io.Writer) error {
		_, err := m.WriteTo(w)
		return err
	})
	if err != nil {
		return fmt.Errorf("newsroom: saving the model: %w", err)
	}
	return nil
}

// saveCheckpoint writes the shared model and its place in the stream to
// the data folder, when there is one.
func (s *site) saveCheckpoint() error {
	if s.shared == nil || s.cfg.DataDir == "" {
		return nil
	}
	err := atomicfile.Write(sharedModelPath(s.cfg.DataDir), modelPerm, func(w io.Writer) error {
		_, err := s.shared.WriteCheckpoint(w)
		return err
	})
	if err != nil {
		return fmt.Errorf("newsroom: saving the shared model: %w", err)
	}
	return nil
}

// filesOnly serves the files of an fs.FS and hides its folders, so that
// http.FileServerFS answers 404 for a folder rather than list it.
type filesOnly struct{ fs.FS }

// Open opens name, reporting fs.ErrNotExist for a folder.
func (f filesOnly) Open(name string) (fs.File, error) {
	file, err := f.FS.Open(name)
	if err != nil {
		return nil, err
	}
	if info, err := file.Stat(); err != nil || info.IsDir() {
		file.Close()
		return nil, fs.ErrNotExist
	}
	return file, nil
}

// close saves the shared model's checkpoint (with -redis and a data
// folder) and closes the comment store.
func (s *site) close() error {
	return errors.Join(s.saveCheckpoint(), s.closeWebhook(), s.comments.Close())
}

// ServeHTTP adds the security headers every page gets.
func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	s.mux.ServeHTTP(&plainErrors{ResponseWriter: w, s: s}, r)
}

// plainErrors answers the standard library's own plain-text 404 and 405
// (a path no route has, a static file that is not there, a GET of a
// POST-only address) with the site's page in Vietnamese, as every other
// answer is; the site's own answers, which are HTML or carry their own
// text, pass through.
type plainErrors struct {
	http.ResponseWriter
	s        *site
	replaced bool
}

func (p *plainErrors) WriteHeader(code int) {
	if (code == http.StatusNotFound || code == http.StatusMethodNotAllowed) && !p.replaced &&
		strings.HasPrefix(p.Header().Get("Content-Type"), "text/plain") {
		p.replaced = true
		p.Header().Del("Content-Length")
		if code == http.StatusMethodNotAllowed {
			p.s.render(p.ResponseWriter, code, "notallowed.html", nil)
			return
		}
		p.s.render(p.ResponseWriter, code, "notfound.html", nil)
		return
	}
	p.ResponseWriter.WriteHeader(code)
}

func (p *plainErrors) Write(b []byte) (int, error) {
	if p.replaced {
		return len(b), nil // the standard text, replaced by the page
	}
	return p.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (p *plainErrors) Unwrap() http.ResponseWriter { return p.ResponseWriter }

// commentForm is what the form "Viết bình luận" is rendered with.
type commentForm struct {
	Action    string
	Values    map[string]string // what the reader typed, by form name
	Errors    map[string]string // messages by form name, "form" for the whole form
	CaptchaID string
	Token     string
	// Image and Work say which captchas the form shows: the image's
	// digits, the proof of work's widget (with its texts, in the reader's
	// language as the messages are).
	Image, Work bool
	WorkStrings string
	WorkLang    string           // the language of WorkStrings, when not Vietnamese
	ReplyTo     *comment.Comment // the comment replied to, when the form is a reply
	Cancel      string           // the link that makes the form a new comment again
	ErrLang     string           // the language of Errors, when not Vietnamese
}

// shownComment is one comment of an article page, in the plain fields the
// template shows: a page renders up to commentsPerPage of them, and fields
// of their own cost the template far less than reflection through an
// embedded comment.Comment and calls of template functions.
type shownComment struct {
	ID, Name, Title, Stamp string
	Paragraphs             []string
	// IsReply is set on replies, shown under their parent.
	IsReply bool
	// Erased is set when the commenter had their data erased: the comment
	// keeps its place in the thread, with nothing of what they wrote.
	Erased bool
	// Reply is the link that opens the form as a reply to it: set on
	// top-level comments, which are the ones that take replies.
	Reply string
}

func (s *site) article(w http.ResponseWriter, r *http.Request) {
	a, ok := s.archive.BySlug(r.PathValue("slug"))
	if !ok {
		s.render(w, http.StatusNotFound, "notfound.html", nil)
		return
	}
	if !s.allowed(w, r, s.issueLimit) {
		return
	}
	id, err := s.captchas.New(r.Context())
	if err != nil {
		s.fail(w, "making a captcha", err)
		return
	}
	form := commentForm{CaptchaID: id}
	if parent := r.URL.Query().Get("tra-loi"); parent != "" {
		form.Values = map[string]string{comment.FormParentID: parent}
	}
	s.renderArticle(w, r, http.StatusOK, a, form, r.URL.Query().Get("gui") == "1")
}

// renderArticle renders an article page with a page of its approved
// comments (the one after the cursor in the query's "sau", replies under
// their parent) and its form. The page carries a form token and a captcha
// of its own, so no cache may keep it: readers behind one cache would
// share them.
func (s *site) renderArticle(w http.ResponseWriter, r *http.Request, status int, a *article.Article, form commentForm, sent bool) {
	w.Header().Set("Cache-Control", "no-store")
	ctx := r.Context()
	base := "/bai-viet/" + url.PathEscape(a.Slug)
	after := r.URL.Query().Get("sau")
	listing, err := s.listing(ctx, a, after)
	if errors.Is(err, comment.ErrInvalidCursor) {
		http.Error(w, "Liên kết trang bình luận không hợp lệ", http.StatusBadRequest)
		return
	}
	if err != nil {
		s.fail(w, "listing comments", err)
		return
	}
	if err := s.replyTo(ctx, a, &form); err != nil {
		s.fail(w, "reading the comment replied to", err)
		return
	}
	form.Cancel = base + "#viet-binh-luan"
	if after != "" {
		form.Cancel = base + "?" + url.Values{"sau": {after}}.Encode() + "#viet-binh-luan"
	}
	form.Action = "/bai-viet/" + a.Slug
	form.Token = s.tokens.Issue(a.ID, s.now())
	form.Image = s.gate.Accept&captcha.ProofImage != 0
	form.Work = s.gate.Accept&captcha.ProofWork != 0
	tag := s.messageLang(r)
	form.WorkStrings, form.WorkLang = widgetTexts(tag)
	if len(form.Errors) > 0 {
		form.ErrLang = otherLang(tag)
	}
	s.render(w, status, "article.html", map[string]any{
		"Head":    pageHead{a.Title + " – " + siteName, s.portal.of[a.ID].Slug},
		"Section": s.portal.of[a.ID],
		"Article": s.portal.withPictures(a),
		"Newer":   s.archive.Newer(a.ID, neighbours, false),
		"Older":   s.archive.Older(a.ID, neighbours, false),
		"Listing": listing,
		"Form":    form,
		"Sent":    sent,
	})
}

// listing returns the comments part of an article page: the count of its
// approved comments and the page of them after the cursor after, replies
// under their parent, with the link to the next page. It is the same for
// every reader, so it comes from the listing cache while fresh.
func (s *site) listing(ctx context.Context, a *article.Article, after string) (template.HTML, error) {
	gen, html, ok := s.listings.get(a.ID, after, s.now())
	if ok {
		return html, nil
	}
	page, err := s.comments.ListApproved(ctx, a.ID, comment.PageRequest{After: after, Limit: commentsPerPage})
	if err != nil {
		return "", err
	}
	total, err := s.comments.Count(ctx, a.ID, comment.Approved)
	if err != nil {
		return "", err
	}
	base := "/bai-viet/" + url.PathEscape(a.Slug)
	shown := make([]shownComment, len(page.Comments))
	for i, c := range page.Comments {
		c = s.asShown(c)
		shown[i] = shownComment{
			ID: c.ID, Name: c.Name, Title: c.Title, Stamp: article.FormatStamp(c.CreatedAt),
			Paragraphs: paragraphs(c.Content), IsReply: c.ParentID != "", Erased: c.Content == "",
		}
		if c.ParentID == "" && c.Content != "" {
			q := url.Values{"tra-loi": {c.ID}}
			if after != "" {
				q.Set("sau", after)
			}
			shown[i].Reply = base + "?" + q.Encode() + "#viet-binh-luan"
		}
	}
	next := ""
	if page.Next != "" {
		next = base + "?" + url.Values{"sau": {page.Next}}.Encode() + "#binh-luan"
	}
	var buf bytes.Buffer
	if err := s.pages.ExecuteTemplate(&buf, "listing", map[string]any{"Comments": shown, "Total": total, "Next": next, "Base": base}); err != nil {
		return "", err
	}
	html = template.HTML(buf.String()) // #nosec: the output of html/template
	if after == "" {
		// Only the first page, which most readers see, is kept: a cursor
		// is the reader's to make up, and made-up ones must not fill the
		// cache.
		s.listings.put(gen, a.ID, after, html, s.now())
	}
	return html, nil
}

// replyTo sets form.ReplyTo to the comment the form's parent_id names
// when it takes replies: an approved top-level comment of the article.
// Otherwise it drops the parent from the form, which becomes a new
// comment (a field error, if any, still says why).
func (s *site) replyTo(ctx context.Context, a *article.Article, form *commentForm) error {
	id := form.Values[comment.FormParentID]
	if id == "" {
		return nil
	}
	c, err := s.comments.Get(ctx, id)
	switch {
	case err == nil && comment.TakesReply(c, a.ID) && c.Content != "": // an erased comment has no content
		c = s.asShown(c)
		form.ReplyTo = &c
		return nil
	case err == nil, errors.Is(err, comment.ErrNotFound):
		delete(form.Values, comment.FormParentID)
		return nil
	}
	return err
}

// post takes the form "Viết bình luận". A reload of the captcha without
// JavaScript re-renders the form as typed with new digits; field errors
// re-render it (422) with the messages and a new challenge; a comment taken
// redirects to the article (POST-redirect-GET), whatever its status, so a
// poster never learns what the spam filter thought.
func (s *site) post(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	a, ok := s.archive.BySlug(r.PathValue("slug"))
	if !ok {
		s.render(w, http.StatusNotFound, "notfound.html", nil)
		return
	}
	if !s.allowed(w, r, s.postLimit) {
		return
	}
	sub, err := comment.BindRequest(r, 0)
	switch {
	case errors.Is(err, comment.ErrTooLarge):
		http.Error(w, "Nội dung gửi lên quá lớn", http.StatusRequestEntityTooLarge)
		return
	case err != nil:
		http.Error(w, "Biểu mẫu không hợp lệ", http.StatusBadRequest)
		return
	}
	values := map[string]string{
		comment.FormName:     sub.Name,
		comment.FormPhone:    sub.Phone,
		comment.FormTitle:    sub.Title,
		comment.FormContent:  sub.Content,
		comment.FormParentID: sub.ParentID,
	}
	if r.PostForm.Get("reload") == "1" {
		id, err := s.captchas.Reload(r.Context(), sub.CaptchaID)
		if err != nil {
			if id, err = s.captchas.New(r.Context()); err != nil {
				s.fail(w, "making a captcha", err)
				return
			}
		}
		s.renderArticle(w, r, http.StatusOK, a, commentForm{Values: values, CaptchaID: id}, false)
		return
	}
	sub.Captcha = s.gate.Answer(sub.Captcha, r.PostForm.Get(captcha.WorkField))
	c, errs, err := s.screener.Screen(r.Context(), sub, a.ID, s.now())
	if err != nil {
		s.fail(w, "screening a comment", err)
		return
	}
	if len(errs) > 0 {
		s.postErrors(w, r, a, values, errs)
		return
	}
	_, err = s.comments.Add(r.Context(), c)
	s.listings.changed()
	if err != nil {
		var fe comment.FieldErrors
		if errors.As(err, &fe) {
			// The parent was hidden between the screening and now.
			s.postErrors(w, r, a, values, fe)
			return
		}
		s.fail(w, "storing a comment", err)
		return
	}
	http.Redirect(w, r, "/bai-viet/"+url.PathEscape(a.Slug)+"?gui=1", http.StatusSeeOther)
}

// postErrors re-renders the form as typed (422) with the messages of errs
// and a new captcha.
func (s *site) postErrors(w http.ResponseWriter, r *http.Request, a *article.Article, values map[string]string, errs comment.FieldErrors) {
	id, err := s.captchas.New(r.Context())
	if err != nil {
		s.fail(w, "making a captcha", err)
		return
	}
	s.renderArticle(w, r, http.StatusUnprocessableEntity, a, commentForm{
		Values: values, Errors: s.messages.ByField(s.messageLang(r), errs), CaptchaID: id,
	}, false)
}

// messageLang is the language of the messages for r.
func (s *site) messageLang(r *http.Request) language.Tag {
	return s.messages.Match(r.Header.Get("Accept-Language"), s.cfg.Lang)
}

// otherLang is the lang attribute of text in the language tag within a
// page's content, which is Vietnamese whatever the site's language (the
// layout marks it so when the page is not): tag's name, or empty for
// Vietnamese.
func otherLang(tag language.Tag) string {
	if lang := tag.String(); lang != "vi" {
		return lang
	}
	return ""
}

// lesson is one step of teaching the spam filter: learning a class from a
// comment, or taking an earlier lesson of it back.
type lesson struct {
	learn bool
	class classify.Class
	doc   classify.Document
}

// undo is the lesson that takes l back.
func (l lesson) undo() lesson { return lesson{!l.learn, l.class, l.doc} }

// docOf is what the spam filter reads of a comment.
func docOf(c comment.Comment) classify.Document {
	return classify.Document{Name: c.Name, Title: c.Title, Content: c.Content}
}

// learnedOf returns what a comment has taught the spam filter: "ham" or
// "spam" once a moderator approved it or marked it spam, else "". It is
// not stored: a moderator's decision is the only thing that teaches, and
// it leaves the comment with the reason ReasonModerator and the status it
// taught, which is all this reads; the screener never gives that reason.
// An erased comment (no content left) has taught nothing: its lesson is
// taken back before it is erased.
func learnedOf(c comment.Comment) string {
	if c.Reason != comment.ReasonModerator || c.Content == "" {
		return ""
	}
	switch c.Status {
	case comment.Approved:
		return "ham"
	case comment.Spam:
		return "spam"
	}
	return ""
}

// lessons returns the steps from what a comment taught before ("ham",
// "spam" or "") to what it teaches now: nothing when they agree, else the
// old lesson taken back, then the new one.
func lessons(before, now string, doc classify.Document) ([]lesson, error) {
	if before == now {
		return nil, nil
	}
	var out []lesson
	for _, step := range []struct {
		name  string
		learn bool
	}{{before, false}, {now, true}} {
		if step.name == "" {
			continue
		}
		class, err := classify.ParseClass(step.name)
		if err != nil {
			return nil, err
		}
		out = append(out, lesson{step.learn, class, doc})
	}
	return out, nil
}

// applyDecision sets a comment's status from `from`, the one the
// moderator saw, to status, and moves the model's lesson from what it
// learned before to learn. When the comment's status is no longer `from`,
// now or when the change is recorded (a compare-and-set), another
// moderator decided first: it returns an error wrapping
// comment.ErrConflict. It happens whole or not at all: on an error the
// model and the comment are as they were.
func (s *site) applyDecision(ctx context.Context, id string, from, status comment.Status, learn, actor string) error {
	s.decide.Lock()
	defer s.decide.Unlock()
	c, err := s.comments.Get(ctx, id)
	if err != nil {
		return err
	}
	if c.Status != from {
		return fmt.Errorf("comment %s is %v, not %v: %w", id, c.Status, from, comment.ErrConflict)
	}
	if c.Content == "" {
		learn = "" // erased: nothing is left to learn from
	}
	steps, err := lessons(learnedOf(c), learn, docOf(c))
	if err != nil {
		return err
	}
	defer s.listings.changed()
	return s.teachThen(steps, func(ctx context.Context) error {
		return s.recordDecision(ctx, comment.Decision{CommentID: id, From: c.Status, FromReason: c.Reason, To: status, Reason: comment.ReasonModerator, Actor: actor})
	})
}

// teachThen teaches the model the steps and records what they came from
// with record, whole or not at all.
func (s *site) teachThen(steps []lesson, record func(context.Context) error) error {
	// The record is not cut short by a moderator who goes away: a commit
	// that went through but reported the cancellation would leave the
	// lesson undone and the record made.
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	rec := func() error { return record(ctx) }
	if s.shared != nil {
		return s.decideShared(steps, rec)
	}
	return s.decideLocal(steps, rec)
}

// decideLocal teaches a copy of the model, saves it (with a data folder),
// records the decision and only then puts the copy in place: scoring never
// sees a decision half made, and a failure leaves the model in memory as
// it was, and the file too (written back if the decision could not be
// recorded after it).
func (s *site) decideLocal(steps []lesson, record func() error) error {
	if len(steps) == 0 {
		return record()
	}
	old := s.model.Load()
	m, err := cloneModel(old)
	if err != nil {
		return err
	}
	for _, l := range steps {
		if l.learn {
			err = m.Learn(l.class, l.doc)
		} else {
			err = m.Unlearn(l.class, l.doc)
		}
		if err != nil {
			return err
		}
	}
	if s.cfg.DataDir != "" {
		if err := s.saveModel(m); err != nil {
			return err
		}
	}
	if err := record(); err != nil {
		if s.cfg.DataDir != "" {
			if rerr := s.saveModel(old); rerr != nil {
				err = errors.Join(err, fmt.Errorf("the model file keeps the lesson: %w", rerr))
			}
		}
		return err
	}
	s.model.Store(m)
	return nil
}

// cloneModel returns a copy of m that can learn while m scores.
func cloneModel(m *classify.Classifier) (*classify.Classifier, error) {
	var buf bytes.Buffer
	if _, err := m.WriteTo(&buf); err != nil {
		return nil, err
	}
	return classify.Read(&buf, nil)
}

// decideShared sends the lessons to the Redis stream, then records the
// decision; when a step fails, the lessons already sent are taken back by
// sending their undoing, last first, which every server applies in turn.
func (s *site) decideShared(steps []lesson, record func() error) error {
	var err error
	sent := 0
	for _, l := range steps {
		if err = s.teach(l); err != nil {
			break
		}
		sent++
	}
	if err == nil {
		if err = record(); err == nil {
			return nil
		}
	}
	for i := sent - 1; i >= 0; i-- {
		if uerr := s.teach(steps[i].undo()); uerr != nil {
			return errors.Join(err, fmt.Errorf("the shared model keeps the lesson: %w", uerr))
		}
	}
	return err
}

// classifier is the model that scores: this server's, or the one shared
// through Redis, which a snapshot may replace.
func (s *site) classifier() *classify.Classifier {
	if s.shared != nil {
		return s.shared.Model()
	}
	return s.model.Load()
}

// teach sends a lesson through the Redis stream, so that every server
// applies it, this one included.
func (s *site) teach(l lesson) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if l.learn {
		return s.shared.Learn(ctx, l.class, l.doc)
	}
	return s.shared.Unlearn(ctx, l.class, l.doc)
}

// follow applies the lessons other servers share until ctx ends, saving a
// snapshot for servers that start later every minute (refused by Redis
// when another server saved a newer one), and the checkpoint in the data
// folder; without -redis it returns at once.
func (s *site) follow(ctx context.Context) {
	if s.shared == nil {
		return
	}
	go every(ctx, time.Minute, func() {
		if _, err := s.shared.SaveSnapshot(ctx); err != nil && ctx.Err() == nil {
			log.Printf("newsroom: saving the shared model: %v", err)
		}
		if err := s.saveCheckpoint(); err != nil {
			log.Print(err)
		}
	})
	if err := s.shared.Run(ctx); err != nil && ctx.Err() == nil {
		log.Printf("newsroom: following the shared lessons: %v", err)
	}
}

// liveModel scores with whatever model is current.
type liveModel struct{ s *site }

// Judge implements comment.Scorer with the current model's verdict.
func (m liveModel) Judge(name, title, content string) (float64, bool, bool) {
	return m.s.classifier().Judge(name, title, content)
}

// paragraphs splits a comment's content at its line breaks.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(text, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// fail logs a failure of the site's own services and answers 500.
func (s *site) fail(w http.ResponseWriter, what string, err error) {
	log.Printf("newsroom: %s: %v", what, err)
	http.Error(w, "Lỗi máy chủ", http.StatusInternalServerError)
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

// every calls fn each period until ctx ends: the demo's background chores
// (the shared model's snapshot, the takedown deadlines).
func every(ctx context.Context, period time.Duration, fn func()) {
	tick := time.NewTicker(period)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			fn()
		}
	}
}
