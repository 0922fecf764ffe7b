package notify_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/notify"
)

// A newsroom's receiver checks each request's signature before it trusts
// the event, and answers 2xx once it has taken it.
func Example() {
	key := []byte("khóa bí mật của tòa soạn, 32 byte")
	got := make(chan comment.Event, 1)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err == nil {
			err = notify.Verify(key, r.Header.Get(notify.HeaderTimestamp), r.Header.Get(notify.HeaderSignature), body, time.Now(), 0)
		}
		var e comment.Event
		if err == nil {
			err = json.Unmarshal(body, &e)
		}
		if err != nil {
			http.Error(w, "yêu cầu không hợp lệ", http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusNoContent)
		got <- e
	}))
	defer receiver.Close()

	hook, err := notify.New(receiver.URL, key, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	at := time.Date(2025, 3, 14, 9, 30, 0, 0, article.Vietnam())
	err = hook.Notify(context.Background(), comment.Event{
		Kind: comment.EventReport, At: at, CommentID: "c-42",
		Report: &comment.Report{CommentID: "c-42", Reader: "r1-DOCGIA", Reason: comment.ReportOffensive,
			Note: "Lời lẽ xúc phạm người khác", CreatedAt: at},
		Open: 3, Requeued: true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	e := <-got
	fmt.Println(e.Kind, e.CommentID, e.Report.Reason, e.Open, e.Requeued)
	fmt.Println(e.Report.Note)
	if err := hook.Close(context.Background()); err != nil {
		fmt.Println(err)
	}
	fmt.Println("delivered:", hook.Stats().Delivered)
	// Output:
	// report c-42 offensive 3 true
	// Lời lẽ xúc phạm người khác
	// delivered: 1
}
