package commenttest_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/commenttest"
)

// commentHandler is a site's own comment endpoint, the code under test:
// it screens the posted form, stores the comment, and answers 422 with
// the field codes a page would show messages for, or 503 when a service
// it needs is down.
type commentHandler struct {
	screener *comment.Screener
	store    comment.Store
	now      func() time.Time
}

func (h *commentHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	articleID := r.PathValue("article")
	sub, err := comment.BindRequest(r, 0)
	if err != nil {
		http.Error(w, "not a comment form", http.StatusBadRequest)
		return
	}
	c, errs, err := h.screener.Screen(r.Context(), sub, articleID, h.now())
	switch {
	case err != nil:
		http.Error(w, "try again later", http.StatusServiceUnavailable)
		return
	case len(errs) > 0:
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprintln(w, strings.Join(errs.Codes(), " "))
		return
	}
	if c, err = h.store.Add(r.Context(), c); err != nil {
		http.Error(w, "try again later", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusCreated)
	fmt.Fprintln(w, c.Status, c.Reason)
}

// A site's handler tested end to end with httptest: the form is posted as
// a browser posts it, with the fakes of commenttest behind the screener
// and a MemoryStore, behind an Outage, as its database.
func Example() {
	now := time.Date(2026, 11, 29, 12, 48, 0, 0, article.Vietnam())
	tokens, err := comment.NewTokens(&comment.TokensConfig{Key: []byte("the site's key, 16 bytes or more")})
	if err != nil {
		fmt.Println(err)
		return
	}
	store := &commenttest.Outage{Store: &commenttest.MemoryStore{}}
	mux := http.NewServeMux()
	mux.Handle("POST /bai/{article}/binh-luan", &commentHandler{
		screener: &comment.Screener{
			Rules:          comment.DefaultRules(),
			Tokens:         tokens,
			Captcha:        &commenttest.Captcha{},
			Spam:           commenttest.Scorer{P: 0.02, Cleared: true},
			Parents:        store,
			ApproveCleared: true,
		},
		store: store,
		now:   func() time.Time { return now },
	})
	post := func(sub comment.Submission) {
		req := httptest.NewRequest(http.MethodPost, "/bai/long-bien/binh-luan", strings.NewReader(sub.Values().Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, req)
		fmt.Print(rec.Code, " ", rec.Body.String())
	}

	sub := commenttest.Submission()
	sub.Token = commenttest.Token(tokens, "long-bien", now)
	post(sub)

	empty := sub
	empty.Title, empty.Content = "", "Ngắn"
	post(empty)

	store.Fail(errors.New("database down"))
	post(sub)
	// Output:
	// 201 approved cleared
	// 422 title:required content:too_short
	// 503 try again later
}
