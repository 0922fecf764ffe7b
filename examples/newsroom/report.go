package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/message"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
)

// maxReportBody bounds a reader's report: a reason, a note of up to
// comment.MaxNote bytes percent-encoded, and a token.
const maxReportBody = 8 << 10

// reportScope is the form token's scope of the report form of a comment.
func reportScope(commentID string) string { return "bao-vi-pham/" + commentID }

// reportPath is the report page of a comment.
func reportPath(a *article.Article, commentID string) string {
	return "/bai-viet/" + url.PathEscape(a.Slug) + "/bao-vi-pham/" + url.PathEscape(commentID)
}

// reportable returns the article and the comment a report URL names,
// answering 404 itself unless the comment is approved, on the article and
// not erased: readers report what they can see.
func (s *site) reportable(w http.ResponseWriter, r *http.Request) (*article.Article, comment.Comment, bool) {
	w.Header().Set("Cache-Control", "no-store")
	a, ok := s.archive.BySlug(r.PathValue("slug"))
	if !ok {
		s.render(w, http.StatusNotFound, "notfound.html", nil)
		return nil, comment.Comment{}, false
	}
	c, err := s.comments.Get(r.Context(), r.PathValue("id"))
	switch {
	case err == nil && c.ArticleID == a.ID && c.Status == comment.Approved && c.Content != "":
		return a, c, true
	case err == nil, errors.Is(err, comment.ErrNotFound):
		s.render(w, http.StatusNotFound, "notfound.html", nil)
	default:
		s.fail(w, "reading a comment reported", err)
	}
	return nil, comment.Comment{}, false
}

// reportForm renders the report page of a comment: the form, or with
// thanks set the thanks for a report taken.
func (s *site) reportForm(w http.ResponseWriter, r *http.Request, status int, a *article.Article, c comment.Comment, reason, note, problem string, thanks bool) {
	tag := s.messageLang(r)
	p := message.NewPrinter(tag, message.Catalog(s.deskCatalog))
	type choice struct {
		Code, Label string
		Checked     bool
	}
	choices := make([]choice, len(comment.ReportReasons))
	for i, rr := range comment.ReportReasons {
		choices[i] = choice{string(rr), s.messages.Text(tag, "report."+string(rr)), reason == string(rr)}
	}
	s.render(w, status, "report.html", map[string]any{
		"L":       labeler{p: p, m: s.messages, tag: tag},
		"Lang":    otherLang(tag),
		"Title":   p.Sprintf("reportpage.title"),
		"Article": a,
		"Comment": s.asShown(c),
		"Back":    "/bai-viet/" + url.PathEscape(a.Slug) + "#bl-" + c.ID,
		"Action":  reportPath(a, c.ID),
		"Token":   s.tokens.Issue(reportScope(c.ID), s.now()),
		"Choices": choices,
		"Note":    note,
		"Error":   problem,
		"Thanks":  thanks,
	})
}

// reportPage shows the form "Báo vi phạm" of a comment, or the thanks
// once a report was sent.
func (s *site) reportPage(w http.ResponseWriter, r *http.Request) {
	a, c, ok := s.reportable(w, r)
	if !ok {
		return
	}
	s.reportForm(w, r, http.StatusOK, a, c, "", "", "", r.URL.Query().Get("da-gui") == "1")
}

// report takes a reader's report on a comment: the reason, an optional
// note and the form token. The reader is the key of their address and
// browser for the day (comment.ReaderKeys). A report taken, or one the
// reader had made already, leads to the same thanks, which never says how
// many reports the comment has; a reader past the limit gets 429, and
// input that cannot be taken the form again with the reason, 400. A
// report takes a token of the address's limit on posting, as a comment
// does: the user agent in the reader key is the sender's to change, the
// address is not, so one address cannot flood reports under new keys.
func (s *site) report(w http.ResponseWriter, r *http.Request) {
	if !s.allowed(w, r, s.postLimit) {
		return
	}
	a, c, ok := s.reportable(w, r)
	if !ok {
		return
	}
	tag := s.messageLang(r)
	p := message.NewPrinter(tag, message.Catalog(s.deskCatalog))
	r.Body = http.MaxBytesReader(w, r.Body, maxReportBody)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, p.Sprintf("reportpage.too_large"), http.StatusRequestEntityTooLarge)
			return
		}
		s.reportForm(w, r, http.StatusBadRequest, a, c, "", "", p.Sprintf("reportpage.bad_form"), false)
		return
	}
	reasonCode := r.PostForm.Get("reason")
	note := strings.TrimSpace(r.PostForm.Get("note"))
	bad := func(problem string) {
		s.reportForm(w, r, http.StatusBadRequest, a, c, reasonCode, note, problem, false)
	}
	now := s.now()
	if err := s.tokens.Check(r.PostForm.Get("form_token"), reportScope(c.ID), now); err != nil {
		fe, _ := tokenFieldError(err)
		bad(s.messages.Message(tag, fe))
		return
	}
	reason, err := comment.ParseReportReason(reasonCode)
	if err != nil {
		bad(p.Sprintf("reportpage.need_reason"))
		return
	}
	if len(note) > comment.MaxNote || !utf8.ValidString(note) || strings.IndexByte(note, 0) >= 0 {
		bad(p.Sprintf("reportpage.note_too_long", comment.MaxNote))
		return
	}
	// The reader is the address (an IPv6 one by its /64), without the user
	// agent, which the sender may change at will: one address is one
	// reader a day, so that it cannot send a comment back to the queue
	// alone by posing as several browsers.
	client := clientOf(r, s.cfg.TrustedProxies)
	rep := comment.Report{CommentID: c.ID, Reader: s.readers.Key(client.String(), "", now), Reason: reason, Note: note}
	err = s.storeReport(r, rep)
	switch {
	case errors.Is(err, comment.ErrReportLimit):
		w.Header().Set("Retry-After", "3600")
		s.render(w, http.StatusTooManyRequests, "report-limit.html", map[string]any{
			"L": labeler{p: p, m: s.messages, tag: tag}, "Lang": otherLang(tag), "Title": p.Sprintf("reportpage.limit.title"),
			"Back": "/bai-viet/" + url.PathEscape(a.Slug) + "#bl-" + c.ID,
		})
		return
	case errors.Is(err, comment.ErrNotFound):
		s.render(w, http.StatusNotFound, "notfound.html", nil)
		return
	case errors.Is(err, comment.ErrInvalid):
		bad(p.Sprintf("reportpage.bad_form"))
		return
	case err != nil:
		s.fail(w, "storing a report", err)
		return
	}
	http.Redirect(w, r, reportPath(a, c.ID)+"?da-gui=1", http.StatusSeeOther)
}

// tokenFieldError is the form error a token check's error stands for: its
// own when it is one of the token's, else CodeFormInvalid.
func tokenFieldError(err error) (comment.FieldError, bool) {
	var fe comment.FieldError
	if errors.As(err, &fe) && fe.Field == comment.FieldForm {
		return fe, true
	}
	return comment.FieldError{Field: comment.FieldForm, Code: comment.CodeFormInvalid}, false
}

// storeReport stores a report through the desk. When the report sends the
// comment back to a moderator, what a moderator's approval taught the
// spam filter is taken back, under the decision lock, as the comment no
// longer holds that decision (see learnedOf); the comment leaves the
// article's page at once.
func (s *site) storeReport(r *http.Request, rep comment.Report) error {
	s.decide.Lock()
	defer s.decide.Unlock()
	before, err := s.comments.Get(r.Context(), rep.CommentID)
	if err != nil {
		return err
	}
	out, err := s.desk.Report(r.Context(), rep)
	if err = s.notified(err); err != nil || !out.Requeued {
		return err
	}
	s.listings.changed()
	steps, err := lessons(learnedOf(before), "", docOf(before))
	if err == nil {
		err = s.teachThen(steps, func(context.Context) error { return nil })
	}
	if err != nil {
		log.Printf("newsroom: comment %s went back to the moderators, but the spam filter keeps its approval: %v", rep.CommentID, err)
	}
	return nil
}
