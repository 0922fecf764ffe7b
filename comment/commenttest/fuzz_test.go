package commenttest_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/commenttest"
)

// FuzzCursor posts any text as a cursor to the MemoryStore's listings:
// each either refuses it with ErrInvalidCursor or gives a page of the
// listing asked for, and never fails otherwise.
func FuzzCursor(f *testing.F) {
	ctx := context.Background()
	s := &commenttest.MemoryStore{ReplyDepth: 3}
	parent := ""
	for i := range 6 {
		c, err := s.Add(ctx, comment.Comment{ArticleID: "bai-1", ParentID: parent, CreatedAt: now.Add(time.Duration(i) * time.Minute), Status: comment.Approved})
		if err != nil {
			f.Fatal(err)
		}
		if i%2 == 0 {
			parent = c.ID
		}
		if _, err := s.Add(ctx, comment.Comment{ArticleID: "bai-1", CreatedAt: now.Add(time.Duration(i) * time.Second)}); err != nil {
			f.Fatal(err)
		}
	}
	for _, order := range []comment.Order{comment.Oldest, comment.Newest} {
		p, err := s.ListApproved(ctx, "bai-1", comment.PageRequest{Order: order, Limit: 2})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(p.Next, uint8(order), false)
		q, err := s.Queue(ctx, comment.Pending, comment.PageRequest{Order: order, Limit: 2})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(q.Next, uint8(order), true)
	}
	f.Add("", uint8(0), false)
	f.Add("AAAA", uint8(1), true)
	f.Fuzz(func(t *testing.T, cursor string, order uint8, queue bool) {
		req := comment.PageRequest{After: cursor, Order: comment.Order(order % 2), Limit: 2}
		var p comment.Page
		var err error
		if queue {
			p, err = s.Queue(ctx, comment.Pending, req)
		} else {
			p, err = s.ListApproved(ctx, "bai-1", req)
		}
		if err != nil {
			if !errors.Is(err, comment.ErrInvalidCursor) {
				t.Fatalf("cursor %q: %v, want ErrInvalidCursor or a page", cursor, err)
			}
			return
		}
		for _, c := range p.Comments {
			if queue && c.Status != comment.Pending || !queue && c.Status != comment.Approved {
				t.Fatalf("cursor %q: listed %s, a %s comment", cursor, c.ID, c.Status)
			}
		}
		if len(p.Comments) > 2 {
			t.Fatalf("cursor %q: %d comments on a page of 2", cursor, len(p.Comments))
		}
	})
}

// FuzzModerationCursor posts any text as a cursor to the MemoryStore's
// report queue and audit log: each refuses it with ErrInvalidCursor or
// gives a page, never another error or a panic.
func FuzzModerationCursor(f *testing.F) {
	ctx := context.Background()
	s := &commenttest.MemoryStore{}
	rule := comment.ReportRule{Requeue: 10}
	for i := range 3 {
		c, err := s.Add(ctx, comment.Comment{ArticleID: "bai-1", CreatedAt: now, Status: comment.Approved})
		if err != nil {
			f.Fatal(err)
		}
		for j := range i + 1 {
			r := comment.Report{CommentID: c.ID, Reader: fmt.Sprintf("r-%d", j), Reason: comment.ReportSpam, CreatedAt: now.Add(time.Duration(i) * time.Minute)}
			if _, err := s.AddReport(ctx, r, rule); err != nil {
				f.Fatal(err)
			}
		}
	}
	q, err := s.ReportQueue(ctx, comment.PageRequest{Limit: 1})
	if err != nil {
		f.Fatal(err)
	}
	a, err := s.Audit(ctx, comment.AuditQuery{Limit: 2})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(q.Next, false)
	f.Add(a.Next, true)
	f.Add("AAAA", true)
	f.Fuzz(func(t *testing.T, cursor string, audit bool) {
		var err error
		if audit {
			_, err = s.Audit(ctx, comment.AuditQuery{After: cursor})
		} else {
			_, err = s.ReportQueue(ctx, comment.PageRequest{After: cursor})
		}
		if err != nil && !errors.Is(err, comment.ErrInvalidCursor) {
			t.Fatalf("cursor %q: %v, want ErrInvalidCursor or a page", cursor, err)
		}
	})
}
