package comment_test

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/commenttest"
	"github.com/binhluan/binhluan/comment/phone"
	"github.com/binhluan/binhluan/comment/wordlist"
)

func ExampleParseSubject() {
	for _, in := range []struct {
		kind  comment.SubjectKind
		value string
	}{
		{comment.SubjectPhone, "0912 345 678"},
		{comment.SubjectIP, "::ffff:203.0.113.7"},
		{comment.SubjectIP, "203.0.113.99/24"},
		{comment.SubjectIP, "2001:db8:1:2:3:4:5:6/64"},
		{comment.SubjectIP, "203.0.0.0/16"},
	} {
		s, err := comment.ParseSubject(in.kind, in.value)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(s)
	}
	// Output:
	// phone:+84912345678
	// ip:203.0.113.7
	// ip:203.0.113.0/24
	// ip:2001:db8:1:2::/64
	// comment: invalid moderation input: ip ban subject "203.0.0.0/16": a ban takes an address, an IPv4 /24 or an IPv6 /64
}

// The default ladder of Decree 147: a commenter's first lock lasts 7
// days, the second and third 30, and the fourth never ends (Until gives
// the zero time).
func ExampleLadder_Until() {
	from := time.Date(2026, 11, 29, 12, 48, 0, 0, article.Vietnam())
	for level := 1; level <= len(comment.DefaultLadder)+1; level++ {
		until := comment.DefaultLadder.Until(level, from)
		if until.IsZero() {
			fmt.Printf("lock %d: permanent\n", level)
			continue
		}
		fmt.Printf("lock %d: until %s\n", level, article.FormatStamp(until))
	}
	// Output:
	// lock 1: until 12:48 06/12/2026
	// lock 2: until 12:48 29/12/2026
	// lock 3: until 12:48 29/12/2026
	// lock 4: permanent
}

// A screener that checks bans in the store, the site's word list and
// trust by the desk's rule; each comment is told apart by its reason.
func ExampleScreener_moderation() {
	ctx := context.Background()
	now := time.Date(2026, 11, 29, 12, 48, 0, 0, article.Vietnam())
	store := &commenttest.MemoryStore{}
	desk, _ := comment.NewDesk(store, &comment.DeskConfig{Now: func() time.Time { return now }})
	words, _ := wordlist.New(wordlist.Default())
	s := &comment.Screener{Rules: comment.DefaultRules(), Bans: store, Trust: desk, Words: words, Parents: store}

	post := func(content, ip string) {
		sub := comment.Bind(url.Values{
			comment.FormName: {"Trần Thị Mai"}, comment.FormPhone: {"0987 654 321"}, comment.FormTitle: {"Ý kiến"},
			comment.FormContent: {content}, comment.FormCaptcha: {"482913"},
		})
		sub.IP = ip
		c, errs, err := s.Screen(ctx, sub, "bai-1", now)
		switch {
		case err != nil:
			fmt.Println("error:", err)
		case len(errs) > 0:
			fmt.Println(errs.Codes())
		default:
			fmt.Println(c.Status, c.Reason)
		}
	}
	post("Cầu mới đẹp quá, mong sớm thông xe.", "203.0.113.7")
	post("Bọn viết bài này ngu như chó.", "203.0.113.7")
	post("Đ.m bọn quan tham!", "203.0.113.7")
	post("Địt mẹ bọn quan tham!", "203.0.113.7")

	// Three of her comments approved by a moderator in the last 90 days,
	// none rejected: the next is approved without waiting, unless a check
	// after trust objects.
	mai, _ := phone.Parse("0987 654 321")
	for i := range 3 {
		store.Add(ctx, comment.Comment{ArticleID: "bai-0", Name: "Trần Thị Mai", Phone: mai, Title: "Ý kiến",
			Content: fmt.Sprintf("Bài viết hữu ích (%d).", i), CreatedAt: now.AddDate(0, 0, -10*(i+1)),
			Status: comment.Approved, Reason: comment.ReasonModerator})
	}
	post("Cầu mới đẹp quá, mong sớm thông xe.", "203.0.113.7")
	post("Bọn viết bài này ngu như chó.", "203.0.113.7")

	prefix, _ := comment.ParseSubject(comment.SubjectIP, "198.51.100.0/24")
	desk.Ban(ctx, prefix, true, time.Time{}, "lan", "spam hàng loạt")
	post("Cầu mới đẹp quá, mong sớm thông xe.", "198.51.100.23")
	// Output:
	// pending held
	// pending suspect_word
	// pending word_list
	// [content:banned_word]
	// approved trusted
	// pending suspect_word
	// spam banned
}
