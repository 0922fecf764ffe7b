package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/classify"
	"github.com/binhluan/binhluan/classify/abuse"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/phone"
)

// Settings of the desk's pages.
const (
	// abuseScanPages bounds the pages of the pending queue the abuse tab
	// reads to find the comments held for abuse: the store has no queue of
	// its own by reason, and a tab must not read a queue of any length.
	abuseScanPages = 10
	// urgentLeft is the time left under which a takedown is shown urgent.
	urgentLeft = 4 * time.Hour
	// shownTakedowns and shownBans bound the open takedowns and the bans
	// a page lists.
	shownTakedowns = 200
	shownBans      = 200
	// auditPerPage is how many entries a page of the audit log shows.
	auditPerPage = 50
	// deskTime is how the desk writes and reads times, in Vietnam time.
	deskTime = "02/01/2006 15:04"
	// historyWindow is the window of a commenter's recent standing.
	historyWindow = 90 * 24 * time.Hour
)

// labeler gives a desk page its words in the desk's language: its own
// labels from the demo's catalog (see deskCatalog), and those of the
// comment package's Messages (reasons, report reasons, takedown sources,
// audit actions, statuses).
type labeler struct {
	p   *message.Printer
	m   *comment.Messages
	tag language.Tag
}

// T returns a label of the desk's catalog, formatted with args.
func (l labeler) T(key string, args ...any) string { return l.p.Sprintf(key, args...) }

// M returns a label of the comment package's Messages ("report.spam").
func (l labeler) M(key string) string { return l.m.Text(l.tag, key) }

// Status returns the label of a status.
func (l labeler) Status(st comment.Status) string { return l.M("status." + st.String()) }

// Reason returns the moderator's sentence for a reason.
func (l labeler) Reason(r comment.Reason) string { return l.m.Reason(l.tag, r) }

// Time writes a time in Vietnam time, dd/mm/yyyy HH:MM.
func (l labeler) Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(article.Vietnam()).Format(deskTime)
}

// Left writes the time left before a deadline, in hours and minutes.
func (l labeler) Left(d time.Duration) string {
	if d <= 0 {
		return l.T("desk.takedown.overdue")
	}
	m := int(d.Round(time.Minute) / time.Minute)
	return l.T("desk.takedown.left", m/60, m%60)
}

// Percent writes a probability as a whole percentage.
func (l labeler) Percent(p float64) string { return l.p.Sprintf("%.0f%%", p*100) }

// deskLang is the desk's language: English under -lang en, else
// Vietnamese.
func (s *site) deskLang() language.Tag {
	if s.cfg.Lang == "en" {
		return language.English
	}
	return language.Vietnamese
}

// labels returns the labeler of the desk's language.
func (s *site) labels() labeler {
	tag := s.deskLang()
	return labeler{p: message.NewPrinter(tag, message.Catalog(s.deskCatalog)), m: s.messages, tag: tag}
}

// deskData is what every desk page is rendered with: its labels, language,
// title, and the moderator's name and CSRF token.
func (s *site) deskData(sess session, titleKey string, args ...any) map[string]any {
	l := s.labels()
	return map[string]any{"L": l, "Lang": l.tag.String(), "Title": l.T(titleKey, args...), "User": sess.user, "CSRF": sess.csrf}
}

// deskNotice renders a short message with a link back.
func (s *site) deskNotice(w http.ResponseWriter, status int, sess session, titleKey, textKey, back string, args ...any) {
	data := s.deskData(sess, titleKey)
	data["Text"] = data["L"].(labeler).T(textKey, args...)
	data["Back"] = back
	s.render(w, status, "admin-notice.html", data)
}

// deskTab is a tab of the desk: its query value and title's key.
type deskTab struct {
	Tab, Key string
	Count    string // the count shown, "20+" when bounded
	Current  bool
}

// The desk's tabs.
const (
	tabPending   = "cho-duyet"
	tabReported  = "bao-cao"
	tabSpam      = "spam"
	tabAbuse     = "lam-dung"
	tabTakedowns = "yeu-cau-go"
	tabApproved  = "da-duyet"
)

// deskTabs lists the tabs in order, with the status each comment tab
// lists.
var deskTabs = []struct {
	Tab, Key string
	Status   comment.Status
}{
	{tabPending, "desk.tab.pending", comment.Pending},
	{tabReported, "desk.tab.reported", comment.Pending},
	{tabSpam, "desk.tab.spam", comment.Spam},
	{tabAbuse, "desk.tab.abuse", comment.Pending},
	{tabTakedowns, "desk.tab.takedowns", comment.Pending},
	{tabApproved, "desk.tab.approved", comment.Approved},
}

// deskRow is one comment on the desk.
type deskRow struct {
	comment.Comment
	Learned string // what it taught the spam filter: see learnedOf
	Article *article.Article
	Result  classify.Result
	// Abuse is the abuse filter's explanation of a comment it held, its
	// words masked with the word list.
	Abuse *classify.Result
	// Reports are the open reports by reason, on the reported tab.
	Reports []reasonCount
	Open    int
	// Prefix is the /24 or /64 of the commenter's address, for a ban.
	Prefix string
	// L, CSRF, Tab and Decisions are the page's, for the row's forms.
	L         labeler
	CSRF, Tab string
	Decisions []string
}

// decisions are the buttons of a row, as decideComment takes them.
var decisions = []string{"approve", "spam", "delete"}

// reasonCount is a number of reports of one reason.
type reasonCount struct {
	Reason comment.ReportReason
	Count  int
}

// shownTakedown is an open takedown on its tab.
type shownTakedown struct {
	comment.Takedown
	Comment *comment.Comment
	Left    time.Duration
	Urgent  bool
}

// row makes the desk's row of a comment.
func (s *site) row(c comment.Comment) deskRow {
	a, _ := s.archive.Get(c.ArticleID)
	r := deskRow{Comment: c, Learned: learnedOf(c), Article: a, Result: s.classifier().Explain(docOf(c), explainTokens)}
	if m, ok := s.screener.Abuse.(*classify.Classifier); ok && c.Reason == comment.ReasonAbuse {
		res := m.Explain(docOf(c), explainTokens)
		res.Tokens = abuse.MaskTokens(res.Tokens, s.words())
		r.Abuse = &res
	}
	for _, sub := range comment.Subjects(phone.Number{}, c.IP, "") {
		if strings.Contains(sub.Value, "/") {
			r.Prefix = sub.Value
		}
	}
	return r
}

// deskPage renders a tab of the desk.
func (s *site) deskPage(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.moderator(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	current := deskTabs[0]
	for _, t := range deskTabs {
		if q.Get("tab") == t.Tab {
			current = t
		}
	}
	data := s.deskData(sess, current.Key)
	data["Tab"] = current.Tab
	tabs, err := s.tabCounts(ctx, current.Tab)
	if err != nil {
		s.fail(w, "counting the desk's queues", err)
		return
	}
	data["Tabs"] = tabs
	after := q.Get("sau")
	next := ""
	switch current.Tab {
	case tabReported:
		page, err := s.mod().ReportQueue(ctx, comment.PageRequest{After: after, Limit: queuePerPage})
		if s.pageError(w, err) {
			return
		}
		rows := make([]deskRow, 0, len(page.Items))
		for _, it := range page.Items {
			row := s.row(it.Comment)
			row.Open = it.Open
			for _, reason := range comment.ReportReasons {
				if n := it.Reasons[reason]; n > 0 {
					row.Reports = append(row.Reports, reasonCount{reason, n})
				}
			}
			rows = append(rows, row)
		}
		data["Rows"], next = rows, page.Next
	case tabAbuse:
		found, _, err := s.abuseQueue(ctx)
		if err != nil {
			s.fail(w, "listing the comments held for abuse", err)
			return
		}
		rows := make([]deskRow, 0, len(found))
		for _, c := range found {
			rows = append(rows, s.row(c))
		}
		data["Rows"] = rows
		data["AbuseBound"] = abuseScanPages * queuePerPage
	case tabTakedowns:
		open, err := s.mod().OpenTakedowns(ctx, shownTakedowns)
		if err != nil {
			s.fail(w, "listing the open takedowns", err)
			return
		}
		now := s.now()
		shown := make([]shownTakedown, 0, len(open))
		for _, t := range open {
			st := shownTakedown{Takedown: t, Left: t.Left(now), Urgent: t.Left(now) < urgentLeft}
			if c, err := s.comments.Get(ctx, t.CommentID); err == nil {
				st.Comment = &c
			}
			shown = append(shown, st)
		}
		data["Takedowns"] = shown
	default:
		page, err := s.comments.Queue(ctx, current.Status, comment.PageRequest{After: after, Limit: queuePerPage})
		if s.pageError(w, err) {
			return
		}
		rows := make([]deskRow, 0, len(page.Comments))
		for _, c := range page.Comments {
			rows = append(rows, s.row(c))
		}
		data["Rows"], next = rows, page.Next
	}
	if rows, ok := data["Rows"].([]deskRow); ok {
		for i := range rows {
			rows[i].L, rows[i].CSRF, rows[i].Tab, rows[i].Decisions = data["L"].(labeler), sess.csrf, current.Tab, decisions
		}
	}
	if next != "" {
		data["Next"] = "/quan-tri?" + url.Values{"tab": {current.Tab}, "sau": {next}}.Encode()
	}
	data["Ham"], data["Spam"] = s.classifier().Docs()
	s.render(w, http.StatusOK, "admin.html", data)
}

// mod is the desk's store, for the reads of the pages.
func (s *site) mod() comment.ModerationStore { return s.desk.Store() }

// pageError answers a listing's error, 400 for a bad cursor; it reports
// whether there was one.
func (s *site) pageError(w http.ResponseWriter, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, comment.ErrInvalidCursor):
		l := s.labels()
		http.Error(w, l.T("desk.bad_cursor"), http.StatusBadRequest)
	default:
		s.fail(w, "listing a queue of the desk", err)
	}
	return true
}

// abuseQueue returns the pending comments held for abuse, oldest first,
// among the first abuseScanPages pages of the pending queue, and whether
// the queue goes on past them. The store keeps no queue by reason, so
// this reads the pending queue and filters it; the bound keeps the tab's
// cost fixed however long the queue grows, and the page says when it was
// reached.
func (s *site) abuseQueue(ctx context.Context) ([]comment.Comment, bool, error) {
	var found []comment.Comment
	after := ""
	for range abuseScanPages {
		page, err := s.comments.Queue(ctx, comment.Pending, comment.PageRequest{After: after, Limit: queuePerPage})
		if err != nil {
			return nil, false, err
		}
		for _, c := range page.Comments {
			if c.Reason == comment.ReasonAbuse {
				found = append(found, c)
			}
		}
		if page.Next == "" {
			return found, false, nil
		}
		after = page.Next
	}
	return found, true, nil
}

// tabCounts returns the tabs with their counts, current marked.
func (s *site) tabCounts(ctx context.Context, current string) ([]deskTab, error) {
	tabs := make([]deskTab, 0, len(deskTabs))
	for _, t := range deskTabs {
		var count string
		switch t.Tab {
		case tabReported:
			page, err := s.mod().ReportQueue(ctx, comment.PageRequest{Limit: queuePerPage})
			if err != nil {
				return nil, err
			}
			count = bounded(len(page.Items), page.Next != "")
		case tabAbuse:
			found, more, err := s.abuseQueue(ctx)
			if err != nil {
				return nil, err
			}
			count = bounded(len(found), more)
		case tabTakedowns:
			open, err := s.mod().OpenTakedowns(ctx, shownTakedowns+1)
			if err != nil {
				return nil, err
			}
			count = bounded(min(len(open), shownTakedowns), len(open) > shownTakedowns)
		default:
			n, err := s.comments.Count(ctx, "", t.Status)
			if err != nil {
				return nil, err
			}
			count = fmt.Sprint(n)
		}
		tabs = append(tabs, deskTab{Tab: t.Tab, Key: t.Key, Count: count, Current: t.Tab == current})
	}
	return tabs, nil
}

// bounded writes a count that may be cut short: "50+" when there are
// more.
func bounded(n int, more bool) string {
	if more {
		return fmt.Sprintf("%d+", n)
	}
	return fmt.Sprint(n)
}

// backTo is the desk's tab a form came from.
func backTo(r *http.Request) string {
	back := "/quan-tri"
	for _, t := range deskTabs {
		if tab := r.PostForm.Get("tab"); tab == t.Tab {
			back += "?tab=" + url.QueryEscape(tab)
		}
	}
	return back
}

// decideComment applies a moderator's approve, spam or delete through the
// desk, which records who decided, and teaches the spam filter: approve
// learns ham, spam learns spam, and a change of mind (or a delete) first
// unlearns the earlier lesson. A decision is made whole or not at all
// (see applyDecision); one that fails answers 500 with the reason, for
// the moderator to try again, and one that another moderator beat answers
// 409 with the page to look again.
func (s *site) decideComment(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.deskForm(w, r)
	if !ok {
		return
	}
	var status comment.Status
	var learn string
	switch r.PostForm.Get("action") {
	case "approve":
		status, learn = comment.Approved, "ham"
	case "spam":
		status, learn = comment.Spam, "spam"
	case "delete":
		status, learn = comment.Trash, ""
	default:
		s.deskNotice(w, http.StatusBadRequest, sess, "desk.bad_form.title", "desk.bad_action", "/quan-tri")
		return
	}
	// The status the moderator saw: the decision is made from it or not
	// at all.
	from, err := comment.ParseStatus(r.PostForm.Get("from"))
	if err != nil {
		s.deskNotice(w, http.StatusBadRequest, sess, "desk.bad_form.title", "desk.bad_form", "/quan-tri")
		return
	}
	back := backTo(r)
	err = s.applyDecision(r.Context(), r.PathValue("id"), from, status, learn, sess.user)
	s.actionDone(w, r, sess, err, "deciding on comment "+r.PathValue("id"), back)
}

// actionDone answers a moderator's action: the tab it came from when it
// was done, 404 for a comment or record that is not there, 409 when
// another moderator acted first, 400 for input the store refused, and 500
// with the reason, for the moderator to try again, otherwise.
func (s *site) actionDone(w http.ResponseWriter, r *http.Request, sess session, err error, what, back string) {
	switch {
	case err == nil:
		http.Redirect(w, r, back, http.StatusSeeOther)
	case errors.Is(err, comment.ErrNotFound):
		s.deskNotice(w, http.StatusNotFound, sess, "desk.gone.title", "desk.gone.text", back)
	case errors.Is(err, comment.ErrConflict):
		s.deskNotice(w, http.StatusConflict, sess, "desk.conflict.title", "desk.conflict.text", back)
	case errors.Is(err, comment.ErrInvalid):
		s.deskNotice(w, http.StatusBadRequest, sess, "desk.bad_form.title", "desk.invalid", back)
	default:
		log.Printf("newsroom: %s: %v", what, err)
		s.deskNotice(w, http.StatusInternalServerError, sess, "desk.failed.title", "desk.failed.text", back, err.Error())
	}
}

// noteOf reads a form's note, refusing one too long or not UTF-8.
func noteOf(r *http.Request) (string, bool) {
	note := strings.TrimSpace(r.PostForm.Get("note"))
	return note, len(note) <= comment.MaxNote && utf8.ValidString(note)
}

// takeDown removes a comment on the moderator's own decision, with the
// grounds.
func (s *site) takeDown(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.deskForm(w, r)
	if !ok {
		return
	}
	back := backTo(r)
	note, ok := noteOf(r)
	if !ok || note == "" {
		s.deskNotice(w, http.StatusBadRequest, sess, "desk.bad_form.title", "desk.takedown.need_note", back)
		return
	}
	id := r.PathValue("id")
	err := s.removing(r.Context(), id, func(ctx context.Context) error {
		_, err := s.desk.TakeDown(ctx, id, sess.user, note)
		return err
	})
	s.actionDone(w, r, sess, err, "taking down comment "+id, back)
}

// removing runs remove, which takes a comment down, under the decision
// lock, taking back first what the comment taught the spam filter, whole
// or not at all: a comment taken down teaches nothing (see learnedOf).
func (s *site) removing(ctx context.Context, id string, remove func(context.Context) error) error {
	s.decide.Lock()
	defer s.decide.Unlock()
	c, err := s.comments.Get(ctx, id)
	if err != nil {
		return err
	}
	steps, err := lessons(learnedOf(c), "", docOf(c))
	if err != nil {
		return err
	}
	defer s.listings.changed()
	return s.teachThen(steps, remove)
}

// requestTakedown records an authority's request or a complaint to remove
// a comment, received at the time the moderator gives; one whose deadline
// has passed already is done at once.
func (s *site) requestTakedown(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.deskForm(w, r)
	if !ok {
		return
	}
	back := backTo(r)
	bad := func(key string) {
		s.deskNotice(w, http.StatusBadRequest, sess, "desk.bad_form.title", key, back)
	}
	source, err := comment.ParseTakedownSource(r.PostForm.Get("source"))
	if err != nil || source == comment.FromModerator {
		bad("desk.takedown.need_source")
		return
	}
	requester := strings.TrimSpace(r.PostForm.Get("requester"))
	if requester == "" || len(requester) > comment.MaxActor || !utf8.ValidString(requester) {
		bad("desk.takedown.need_requester")
		return
	}
	received, err := time.ParseInLocation(deskTime, strings.TrimSpace(r.PostForm.Get("received")), article.Vietnam())
	now := s.now()
	if err != nil || received.After(now) {
		bad("desk.takedown.bad_received")
		return
	}
	note, ok := noteOf(r)
	if !ok {
		bad("desk.note_too_long")
		return
	}
	id := r.PathValue("id")
	t := comment.Takedown{CommentID: id, Source: source, Requester: requester, Note: note, Received: received, RecordedBy: sess.user}
	if !t.Normalize().Deadline.After(now) {
		// Past its deadline: recorded done, the comment removed now.
		t.DoneAt, t.DoneBy = now, sess.user
		err = s.removing(r.Context(), id, func(ctx context.Context) error {
			_, err := s.desk.RequestTakedown(ctx, t)
			return s.notified(err)
		})
	} else {
		_, err = s.desk.RequestTakedown(r.Context(), t)
		err = s.notified(err)
	}
	if err == nil && r.PostForm.Get("tab") == "" {
		back = "/quan-tri?tab=" + tabTakedowns
	}
	s.actionDone(w, r, sess, err, "recording a takedown request on comment "+id, back)
}

// notified logs a NotifyError, which leaves the action done, and returns
// any other error.
func (s *site) notified(err error) error {
	var ne *comment.NotifyError
	if errors.As(err, &ne) {
		log.Print("newsroom: ", ne)
		return nil
	}
	return err
}

// completeTakedown removes the comment of an open takedown request.
func (s *site) completeTakedown(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.deskForm(w, r)
	if !ok {
		return
	}
	back := "/quan-tri?tab=" + tabTakedowns
	ctx := r.Context()
	t, err := s.mod().Takedown(ctx, r.PathValue("id"))
	if err == nil {
		err = s.removing(ctx, t.CommentID, func(ctx context.Context) error {
			_, err := s.desk.CompleteTakedown(ctx, t.ID, sess.user)
			return err
		})
	}
	s.actionDone(w, r, sess, err, "completing takedown "+r.PathValue("id"), back)
}

// banComment bans the commenter of a comment: their phone number, their
// IP address or its prefix, shadow or not, for as long as the ladder says
// for the level the ban reaches. The page then says the level and the
// end.
func (s *site) banComment(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.deskForm(w, r)
	if !ok {
		return
	}
	back := backTo(r)
	ctx := r.Context()
	c, err := s.comments.Get(ctx, r.PathValue("id"))
	if err != nil {
		s.actionDone(w, r, sess, err, "banning", back)
		return
	}
	var subject comment.Subject
	switch r.PostForm.Get("subject") {
	case "phone":
		if !c.Phone.IsZero() {
			subject = comment.Subject{Kind: comment.SubjectPhone, Value: c.Phone.E164()}
		}
	case "ip", "prefix":
		for _, sub := range comment.Subjects(phone.Number{}, c.IP, "") {
			if strings.Contains(sub.Value, "/") == (r.PostForm.Get("subject") == "prefix") {
				subject = sub
			}
		}
	}
	note, ok := noteOf(r)
	if subject.Value == "" || !ok {
		s.deskNotice(w, http.StatusBadRequest, sess, "desk.bad_form.title", "desk.ban.need_subject", back)
		return
	}
	b, err := s.desk.Ban(ctx, subject, r.PostForm.Get("shadow") == "1", time.Time{}, sess.user, note)
	if err != nil {
		s.actionDone(w, r, sess, err, "banning "+subject.String(), back)
		return
	}
	l := s.labels()
	end := l.T("desk.ban.forever")
	if !b.Permanent() {
		end = l.Time(b.Until)
	}
	s.deskNotice(w, http.StatusOK, sess, "desk.ban.done.title", "desk.ban.done.text", back, subject.Value, b.Level, end)
}

// bansPage lists the bans in force, each with a button to lift it.
func (s *site) bansPage(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.moderator(w, r)
	if !ok {
		return
	}
	bans, err := s.mod().Bans(r.Context(), s.now(), shownBans)
	if err != nil {
		s.fail(w, "listing the bans", err)
		return
	}
	data := s.deskData(sess, "desk.bans.title")
	data["Bans"] = bans
	s.render(w, http.StatusOK, "admin-bans.html", data)
}

// unban lifts a ban now.
func (s *site) unban(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.deskForm(w, r)
	if !ok {
		return
	}
	_, err := s.desk.Lift(r.Context(), r.PathValue("id"), sess.user)
	s.actionDone(w, r, sess, err, "lifting ban "+r.PathValue("id"), "/quan-tri/chan")
}

// shownEntry is an entry of the audit log with its reason's label.
type shownEntry struct {
	comment.AuditEntry
	ReasonLabel string
	Changed     bool // the status changed
}

// auditPage shows a page of the audit log, newest first.
func (s *site) auditPage(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.moderator(w, r)
	if !ok {
		return
	}
	page, err := s.mod().Audit(r.Context(), comment.AuditQuery{After: r.URL.Query().Get("sau"), Limit: auditPerPage})
	if s.pageError(w, err) {
		return
	}
	data := s.deskData(sess, "desk.audit.title")
	data["Entries"] = s.shownEntries(page.Entries)
	if page.Next != "" {
		data["Next"] = "/quan-tri/nhat-ky?" + url.Values{"sau": {page.Next}}.Encode()
	}
	s.render(w, http.StatusOK, "admin-audit.html", data)
}

// shownEntries labels audit entries: a reason by what its code means for
// the action.
func (s *site) shownEntries(entries []comment.AuditEntry) []shownEntry {
	l := s.labels()
	out := make([]shownEntry, len(entries))
	for i, e := range entries {
		out[i] = shownEntry{AuditEntry: e, Changed: e.From != e.To}
		switch e.Action {
		case comment.ActionReport:
			out[i].ReasonLabel = l.M("report." + e.Reason)
		case comment.ActionTakedownRequest, comment.ActionTakedown:
			out[i].ReasonLabel = l.M("takedown." + e.Reason)
		default:
			if e.Reason != "" {
				out[i].ReasonLabel = l.Reason(comment.Reason(e.Reason))
			}
		}
	}
	return out
}

// commenterData answers a moderator's request about everything left under
// one phone number: "history" shows their comments, their standing and
// their bans; "export" downloads it as JSON; "erase" asks to confirm with
// the number of comments it will erase, then, confirmed, takes back what
// they taught the spam filter and erases their content and personal
// fields, keeping what moderation did (see comment.Store.Erase). All are
// POSTs with the CSRF token, so the number stays out of URLs and logs.
func (s *site) commenterData(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.deskForm(w, r)
	if !ok {
		return
	}
	number, err := phone.Parse(r.PostForm.Get("phone"))
	if err != nil {
		s.deskNotice(w, http.StatusUnprocessableEntity, sess, "desk.phone.bad.title", "desk.phone.bad.text", "/quan-tri")
		return
	}
	ctx := r.Context()
	found, err := s.comments.Export(ctx, number)
	if err != nil {
		s.fail(w, "exporting a commenter's data", err)
		return
	}
	switch r.PostForm.Get("action") {
	case "history":
		s.history(w, r, sess, number, found)
	case "export":
		s.exportData(w, number, found)
	case "erase":
		if r.PostForm.Get("confirm") != "1" {
			data := s.deskData(sess, "desk.erase.title")
			data["Phone"], data["Count"] = number, len(found)
			s.render(w, http.StatusOK, "admin-erase.html", data)
			return
		}
		n, err := s.eraseData(ctx, number)
		if err != nil {
			log.Printf("newsroom: erasing a commenter's data: %v", err)
			s.deskNotice(w, http.StatusInternalServerError, sess, "desk.failed.title", "desk.erase.failed", "/quan-tri", err.Error())
			return
		}
		s.deskNotice(w, http.StatusOK, sess, "desk.erase.done.title", "desk.erase.done.text", "/quan-tri", n, number.String())
	default:
		s.deskNotice(w, http.StatusBadRequest, sess, "desk.bad_form.title", "desk.bad_action", "/quan-tri")
	}
}

// history shows a commenter's comments, newest first, what they came to
// (all time and in the last historyWindow), the bans on their number and
// its audit entries.
func (s *site) history(w http.ResponseWriter, r *http.Request, sess session, number phone.Number, found []comment.Comment) {
	ctx := r.Context()
	now := s.now()
	all, err := s.mod().Standing(ctx, number, time.Time{})
	if err != nil {
		s.fail(w, "reading a commenter's standing", err)
		return
	}
	recent, err := s.mod().Standing(ctx, number, now.Add(-historyWindow))
	if err != nil {
		s.fail(w, "reading a commenter's standing", err)
		return
	}
	subject := comment.Subject{Kind: comment.SubjectPhone, Value: number.E164()}
	bans, err := s.mod().ActiveBans(ctx, []comment.Subject{subject}, now)
	if err != nil {
		s.fail(w, "reading a commenter's bans", err)
		return
	}
	trusted, err := s.desk.Trusted(ctx, number, now)
	if err != nil {
		s.fail(w, "reading a commenter's standing", err)
		return
	}
	audit, err := s.mod().Audit(ctx, comment.AuditQuery{Subject: subject, Limit: auditPerPage})
	if err != nil {
		s.fail(w, "reading a commenter's audit log", err)
		return
	}
	rows := make([]deskRow, len(found))
	for i := range found {
		c := found[len(found)-1-i]
		a, _ := s.archive.Get(c.ArticleID)
		rows[i] = deskRow{Comment: c, Article: a}
	}
	data := s.deskData(sess, "desk.history.title", number.String())
	data["Phone"], data["Rows"], data["All"], data["Recent"] = number, rows, all, recent
	data["Bans"], data["Trusted"], data["Entries"] = bans, trusted, s.shownEntries(audit.Entries)
	data["Days"] = int(historyWindow / (24 * time.Hour))
	s.render(w, http.StatusOK, "admin-history.html", data)
}

// commenterExport is the JSON a commenter's data is downloaded as.
type commenterExport struct {
	Phone      string            `json:"phone"`
	ExportedAt time.Time         `json:"exported_at"`
	Comments   []comment.Comment `json:"comments"`
}

func (s *site) exportData(w http.ResponseWriter, number phone.Number, found []comment.Comment) {
	if found == nil {
		found = []comment.Comment{}
	}
	body, err := json.MarshalIndent(commenterExport{number.E164(), s.now().In(article.Vietnam()), found}, "", "  ")
	if err != nil {
		s.fail(w, "encoding a commenter's data", err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="binh-luan-`+number.Digits()+`.json"`)
	_, _ = w.Write(append(body, '\n'))
}

// eraseData takes back the lessons the number's comments taught and
// erases everything under the number, whole or not at all, returning how
// many comments were erased. The comments are read again under the
// decision lock, so a decision made since the moderator's page was shown
// is taken back too.
func (s *site) eraseData(ctx context.Context, number phone.Number) (int, error) {
	s.decide.Lock()
	defer s.decide.Unlock()
	found, err := s.comments.Export(ctx, number)
	if err != nil {
		return 0, err
	}
	var steps []lesson
	for _, c := range found {
		l, err := lessons(learnedOf(c), "", docOf(c))
		if err != nil {
			return 0, err
		}
		steps = append(steps, l...)
	}
	defer s.listings.changed()
	n := 0
	err = s.teachThen(steps, func(ctx context.Context) error {
		var err error
		n, err = s.comments.Erase(ctx, number)
		return err
	})
	return n, err
}

// routeDesk adds the desk's pages and actions, and the readers' reports,
// to the site's routes.
func (s *site) routeDesk() {
	s.mux.HandleFunc("GET /bai-viet/{slug}/bao-vi-pham/{id}", s.reportPage)
	s.mux.HandleFunc("POST /bai-viet/{slug}/bao-vi-pham/{id}", s.report)
	s.mux.HandleFunc("GET /quan-tri", s.deskPage)
	s.mux.HandleFunc("GET "+loginPath, s.loginPage)
	s.mux.HandleFunc("POST "+loginPath, s.login)
	s.mux.HandleFunc("POST /quan-tri/dang-xuat", s.logout)
	s.mux.HandleFunc("POST /quan-tri/{id}", s.decideComment)
	s.mux.HandleFunc("POST /quan-tri/{id}/go-bo", s.takeDown)
	s.mux.HandleFunc("POST /quan-tri/{id}/yeu-cau-go", s.requestTakedown)
	s.mux.HandleFunc("POST /quan-tri/{id}/chan", s.banComment)
	s.mux.HandleFunc("POST /quan-tri/yeu-cau-go/{id}/xong", s.completeTakedown)
	s.mux.HandleFunc("GET /quan-tri/chan", s.bansPage)
	s.mux.HandleFunc("POST /quan-tri/chan/{id}/bo", s.unban)
	s.mux.HandleFunc("GET /quan-tri/nhat-ky", s.auditPage)
	s.mux.HandleFunc("POST /quan-tri/du-lieu", s.commenterData)
}
