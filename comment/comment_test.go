package comment

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/binhluan/binhluan/comment/phone"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatus(t *testing.T) {
	var zero Comment
	assert.Equal(t, Pending, zero.Status, "comments are held for moderation by default")
	for _, s := range []Status{Pending, Approved, Spam, Trash} {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back Status
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, s, back)
		parsed, err := ParseStatus(s.String())
		require.NoError(t, err)
		assert.Equal(t, s, parsed)
	}
	_, err := Status(9).MarshalText()
	assert.Error(t, err)
	assert.Equal(t, "Status(9)", Status(9).String())
	var s Status
	assert.Error(t, s.UnmarshalText([]byte("deleted")))
}

func TestCommentJSON(t *testing.T) {
	num, err := phone.Parse("0912 345 678")
	require.NoError(t, err)
	c := Comment{
		ID: "c1", ArticleID: "a1", Name: "Nguyễn Văn An", Phone: num, Title: "Ý kiến",
		Content: "Bài viết rất hay.", CreatedAt: time.Date(2020, 11, 29, 5, 48, 0, 0, time.UTC),
		IP: "203.0.113.7", UserAgent: "Mozilla/5.0", Status: Approved, SpamScore: 0.02, Reason: ReasonModerator,
	}
	b, err := json.Marshal(c)
	require.NoError(t, err)
	s := string(b)
	assert.Contains(t, s, `"status":"approved"`, "status marshals as text")
	assert.Contains(t, s, `"phone":"+84912345678"`, "phone marshals as E.164")
	assert.Contains(t, s, `"article_id":"a1"`)
	assert.Contains(t, s, `"reason":"moderator"`, "the reason is stored as its code")
	var back Comment
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, c, back)

	noPhone, err := json.Marshal(Comment{ID: "c2"})
	require.NoError(t, err)
	assert.NotContains(t, string(noPhone), `"phone"`, "an absent phone is left out")
	assert.Contains(t, string(noPhone), `"status":"pending"`)

	assert.Error(t, json.Unmarshal([]byte(`{"status":"hidden"}`), &back))
	assert.Error(t, json.Unmarshal([]byte(`{"phone":"0912 ABC 678"}`), &back))
}

func TestReplyTo(t *testing.T) {
	parent := Comment{ID: "p", ArticleID: "a"}
	c := Comment{ArticleID: "a"}
	require.NoError(t, c.ReplyTo(parent))
	assert.Equal(t, "p", c.ParentID)

	reply := Comment{ID: "r", ArticleID: "a", ParentID: "p"}
	assert.ErrorIs(t, (&Comment{ArticleID: "a"}).ReplyTo(reply), ErrReplyDepth, "one level deep")
	assert.Error(t, (&Comment{ArticleID: "b"}).ReplyTo(parent), "another article")
	assert.Error(t, (&Comment{ArticleID: "a"}).ReplyTo(Comment{ArticleID: "a"}), "a parent without ID")
}

func TestValidID(t *testing.T) {
	for range 20 {
		id := newID()
		assert.True(t, ValidID(id), "%q is a fresh ID", id)
	}
	for _, bad := range []string{
		"", "p1", "AAAAAAAAAAAAAAAAAAAAAAAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"aaaaaaaaaaaaaaaaaaaaaaaaaa", "AAAAAAAAAAAAAAAAAAAAAAAAA1", "AAAAAAAAAAAAAAAAAAAAAAAAA8",
		"AAAAAAAAAAAAAAAAAAAAAAAAA=", "AAAAAAAAAAAAAAAAAAAAAAAAÀ",
	} {
		assert.False(t, ValidID(bad), "%q", bad)
	}
}

func TestFingerprint(t *testing.T) {
	same := []string{
		"Bài viết rất hay!",
		"bài   viết RẤT hay",
		"Bai viet rat hay!!!",
		"Bài\nviết\u00a0rất hay.",
		"Ba\u0300i vie\u0302\u0301t ra\u0302\u0301t hay", // decomposed
	}
	want := Fingerprint(same[0])
	assert.Len(t, want, 32)
	for _, s := range same {
		assert.Equal(t, want, Fingerprint(s), "%q", s)
	}
	assert.Equal(t, Fingerprint("Hòa bình"), Fingerprint("Hoà bình"), "tone placement does not matter")
	assert.Equal(t, Fingerprint("Đường"), Fingerprint("duong"))
	assert.NotEqual(t, want, Fingerprint("Bài viết rất dở"))
	assert.Equal(t, Fingerprint("ab c"), Fingerprint("a bc"), "spacing is ignored entirely, word boundaries included")
	assert.Empty(t, Fingerprint("👍👍👍 !!!"), "nothing to fingerprint")
	assert.Empty(t, Fingerprint(""))
	assert.Equal(t, want, Comment{Content: same[1]}.Fingerprint())
}

func BenchmarkFingerprint(b *testing.B) {
	content := "Bài viết rất hay, cảm ơn tác giả đã phản ánh đúng thực tế ở quận Long Biên. Mong thành phố sớm triển khai."
	b.ReportAllocs()
	for b.Loop() {
		_ = Fingerprint(content)
	}
}

func TestTakesReply(t *testing.T) {
	top := Comment{ID: "A", ArticleID: "bai-1", Status: Approved}
	for _, tt := range []struct {
		name    string
		parent  Comment
		article string
		want    bool
	}{
		{"an approved top-level comment of the article", top, "bai-1", true},
		{"another article", top, "bai-2", false},
		{"pending", Comment{ID: "A", ArticleID: "bai-1", Status: Pending}, "bai-1", false},
		{"spam", Comment{ID: "A", ArticleID: "bai-1", Status: Spam}, "bai-1", false},
		{"itself a reply", Comment{ID: "B", ArticleID: "bai-1", ParentID: "A", Status: Approved}, "bai-1", false},
		{"no id", Comment{ArticleID: "bai-1", Status: Approved}, "bai-1", false},
	} {
		if got := TakesReply(tt.parent, tt.article); got != tt.want {
			t.Errorf("%s: TakesReply = %v, want %v", tt.name, got, tt.want)
		}
	}
}
