package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/phone"
	"github.com/binhluan/binhluan/comment/sqlstore"
)

var at = time.Date(2026, 1, 5, 7, 0, 0, 0, article.Vietnam())

// A single server keeps its comments in one SQLite file; replies are
// listed under the comment they answer, also when the newest comments
// come first.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "binhluan-example-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	store, err := sqlstore.Open(ctx, filepath.Join(dir, "binhluan.db"), nil)
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()

	add := func(minute int, name, content, parentID string) comment.Comment {
		c, err := store.Add(ctx, comment.Comment{
			ArticleID: "gia-xang-tang", ParentID: parentID, Name: name, Title: "Ý kiến",
			Content: content, CreatedAt: at.Add(time.Duration(minute) * time.Minute), Status: comment.Approved,
		})
		if err != nil {
			log.Fatal(err)
		}
		return c
	}
	first := add(0, "Lan", "Giá xăng lại tăng rồi.", "")
	add(1, "Minh", "Tăng từ 15 giờ chiều nay.", "")
	add(2, "Hùng", "Đúng vậy, tăng 500 đồng.", first.ID)

	page, err := store.ListApproved(ctx, "gia-xang-tang", comment.PageRequest{Order: comment.Newest})
	if err != nil {
		log.Fatal(err)
	}
	for _, c := range page.Comments {
		indent := ""
		if c.ParentID != "" {
			indent = "  ↳ "
		}
		fmt.Printf("%s%s %s: %s\n", indent, c.CreatedAt.Format("15:04"), c.Name, c.Content)
	}
	// Output:
	// 07:01 Minh: Tăng từ 15 giờ chiều nay.
	// 07:00 Lan: Giá xăng lại tăng rồi.
	//   ↳ 07:02 Hùng: Đúng vậy, tăng 500 đồng.
}

// Pages are read with the cursor of the page before, never an offset.
func ExampleStore_ListApproved() {
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, ":memory:", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	for i := range 5 {
		_, err := store.Add(ctx, comment.Comment{
			ArticleID: "bai-1", Name: "Bạn đọc", Title: "Ý kiến", Content: fmt.Sprintf("Bình luận %d", i+1),
			CreatedAt: at.Add(time.Duration(i) * time.Minute), Status: comment.Approved,
		})
		if err != nil {
			log.Fatal(err)
		}
	}
	req := comment.PageRequest{Limit: 2}
	for n := 1; ; n++ {
		page, err := store.ListApproved(ctx, "bai-1", req)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("trang %d:", n)
		for _, c := range page.Comments {
			fmt.Printf(" %q", c.Content)
		}
		fmt.Println()
		if page.Next == "" {
			break
		}
		req.After = page.Next
	}
	// Output:
	// trang 1: "Bình luận 1" "Bình luận 2"
	// trang 2: "Bình luận 3" "Bình luận 4"
	// trang 3: "Bình luận 5"
}

// Two moderators decide on the same comment: the second is told that the
// first got there before, instead of silently undoing the decision.
func ExampleStore_SetStatus() {
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, ":memory:", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	c, err := store.Add(ctx, comment.Comment{
		ArticleID: "bai-1", Name: "Bạn đọc", Title: "Hỏi", Content: "Khi nào có kết quả?", CreatedAt: at,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(store.SetStatus(ctx, c.ID, comment.Pending, comment.Approved, "duyệt: Lan"))
	err = store.SetStatus(ctx, c.ID, comment.Pending, comment.Spam, "rác: Minh")
	fmt.Println(errors.Is(err, comment.ErrConflict))
	c, _ = store.Get(ctx, c.ID)
	fmt.Println(c.Status, c.Reason)
	// Output:
	// <nil>
	// true
	// approved duyệt: Lan
}

// A commenter asks for what the site keeps about them, then for its
// deletion: the export is JSON, and erasing keeps what moderation did.
func ExampleStore_Erase() {
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, ":memory:", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	number, err := phone.Parse("0912 345 678")
	if err != nil {
		log.Fatal(err)
	}
	_, err = store.Add(ctx, comment.Comment{
		ID: "BL1", ArticleID: "bai-1", Name: "Lan", Phone: number, Title: "Ý kiến",
		Content: "Bài viết hay.", CreatedAt: at, Status: comment.Spam, Reason: "rác: Minh",
	})
	if err != nil {
		log.Fatal(err)
	}

	mine, err := store.Export(ctx, number)
	if err != nil {
		log.Fatal(err)
	}
	b, _ := json.Marshal(mine)
	fmt.Println(string(b))

	n, err := store.Erase(ctx, number)
	if err != nil {
		log.Fatal(err)
	}
	c, _ := store.Get(ctx, "BL1")
	fmt.Printf("%d erased; %s: name %q, content %q, status %s, reason %q\n", n, c.ID, c.Name, c.Content, c.Status, c.Reason)
	// Output:
	// [{"id":"BL1","article_id":"bai-1","name":"Lan","phone":"+84912345678","title":"Ý kiến","content":"Bài viết hay.","created_at":"2026-01-05T07:00:00+07:00","status":"spam","spam_score":0,"reason":"rác: Minh"}]
	// 1 erased; BL1: name "", content "", status spam, reason "rác: Minh"
}
