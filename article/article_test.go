package article

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func sample() *Article {
	return &Article{
		ID: "42", Slug: "quan-long-bien", Series: "Chuỗi bài", Title: "Quận Long Biên",
		Source: "HNP", Lead: "Lời dẫn.", Author: "Nhật Minh", Views: 1234, Tags: []string{"Long Biên", "Nghị quyết"},
		PublishedAt: time.Date(2020, 11, 29, 12, 48, 0, 0, Vietnam()),
		Body: []Block{
			{Kind: Image, Src: "/anh/1.jpg", Caption: "Chú thích"},
			{Kind: Paragraph, Text: "Đoạn một."},
		},
	}
}

func TestJSONRoundTrip(t *testing.T) {
	a := sample()
	b, err := json.Marshal(a)
	require.NoError(t, err)
	s := string(b)
	for _, key := range []string{`"id":"42"`, `"published_at":"2020-11-29T12:48:00+07:00"`, `"kind":"image"`, `"kind":"paragraph"`, `"views":1234`, `"tags":[`} {
		assert.Contains(t, s, key, "snake_case JSON")
	}
	var back Article
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, a, &back, "field by field the same after a round trip")

	var utc Article
	require.NoError(t, json.Unmarshal([]byte(`{"published_at":"2020-11-29T05:48:00Z","body":[]}`), &utc))
	assert.Equal(t, "12:48 29/11/2020", FormatStamp(utc.PublishedAt))
	assert.Equal(t, Vietnam(), utc.PublishedAt.Location(), "decoded times are in Vietnam time")

	for _, bad := range []string{`{"body":[{"kind":"video"}]}`, `{"published_at":"yesterday"}`, `{"views":"many"}`, `[`} {
		var x Article
		assert.Error(t, json.Unmarshal([]byte(bad), &x), bad)
	}
	_, err = json.Marshal(Block{Kind: BlockKind(9)})
	assert.Error(t, err, "an unknown block kind is not written")
	assert.Equal(t, "BlockKind(9)", BlockKind(9).String())
}

func TestClone(t *testing.T) {
	a := sample()
	c := a.Clone()
	require.Equal(t, a, c)
	c.Body[0].Caption = "khác"
	c.Tags[0] = "khác"
	assert.Equal(t, "Chú thích", a.Body[0].Caption, "clone shares no body")
	assert.Equal(t, "Long Biên", a.Tags[0], "clone shares no tags")
	assert.Nil(t, (*Article)(nil).Clone())
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(a *Article)
		want   FieldErrors
	}{
		{"valid", func(a *Article) {}, nil},
		{"no title", func(a *Article) { a.Title = " \t" }, FieldErrors{{Field: FieldTitle, Code: CodeRequired}}},
		{"no body", func(a *Article) { a.Body = nil }, FieldErrors{{Field: FieldBody, Code: CodeRequired}}},
		{"empty paragraph", func(a *Article) { a.Body[1].Text = "" }, FieldErrors{{Field: "body[1]", Code: CodeRequired}}},
		{"image with neither src nor caption", func(a *Article) { a.Body[0] = Block{Kind: Image} }, FieldErrors{{Field: "body[0]", Code: CodeRequired}}},
		{"image with caption only", func(a *Article) { a.Body[0].Src = "" }, nil},
		{"unknown block", func(a *Article) { a.Body[0].Kind = 7 }, FieldErrors{{Field: "body[0]", Code: CodeInvalid}}},
		{"no time", func(a *Article) { a.PublishedAt = time.Time{} }, FieldErrors{{Field: FieldPublishedAt, Code: CodeRequired}}},
		{"bad slug", func(a *Article) { a.Slug = "Quận Long Biên" }, FieldErrors{{Field: FieldSlug, Code: CodeInvalid}}},
		{"negative views", func(a *Article) { a.Views = -1 }, FieldErrors{{Field: FieldViews, Code: CodeInvalid}}},
		{"invalid UTF-8", func(a *Article) { a.Lead = "a\xffb"; a.Tags[1] = "\xc3" }, FieldErrors{{Field: FieldLead, Code: CodeInvalidUTF8}, {Field: "tags[1]", Code: CodeInvalidUTF8}}},
		{"everything at once", func(a *Article) { *a = Article{} }, FieldErrors{{Field: FieldTitle, Code: CodeRequired}, {Field: FieldBody, Code: CodeRequired}, {Field: FieldPublishedAt, Code: CodeRequired}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := sample()
			tt.change(a)
			err := a.Validate()
			if tt.want == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			var list FieldErrors
			require.ErrorAs(t, err, &list, "one list of every problem")
			assert.Equal(t, tt.want, list)
			var fe FieldError
			require.ErrorAs(t, err, &fe, "and each problem in it")
			assert.Equal(t, tt.want[0], fe)
			assert.Equal(t, tt.want[0].Field+": "+string(tt.want[0].Code), fe.Error())
		})
	}
}

func TestTextAndEnsureSlug(t *testing.T) {
	a := sample()
	assert.Equal(t, "Lời dẫn.\nĐoạn một.", a.Text(), "captions are not reading text")
	assert.Equal(t, 6, a.WordCount(), "two words each in the lead, the paragraph and the caption")
	a.Slug = ""
	assert.Equal(t, "quan-long-bien", a.EnsureSlug())
	a.Title = "Khác"
	assert.Equal(t, "quan-long-bien", a.EnsureSlug(), "an existing slug is kept")
}
