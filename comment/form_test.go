package comment

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBindNormalises(t *testing.T) {
	v := url.Values{
		FormName:      {"  Nguye\u0302\u0303n\u00a0\u00a0Văn\u200b An \t"},
		FormPhone:     {" 0912\u00a0345 678 "},
		FormTitle:     {"Ý kiến\r\nvề bài"},
		FormContent:   {"Đoạn một.\r\n\r\n\r\n  Đoạn\u0007 hai.  \n"},
		FormCaptchaID: {"abc"},
		FormCaptcha:   {" １２３ ", "ignored second value"},
		FormParentID:  {"p1"},
		FormToken:     {"tok"},
		FormHoneypot:  {""},
	}
	s := Bind(v)
	assert.Equal(t, "Nguyễn Văn An", s.Name, "NFC, zero-width out, spaces folded, trimmed")
	assert.Equal(t, "0912 345 678", s.Phone)
	assert.Equal(t, "Ý kiến về bài", s.Title, "one-line fields lose their line breaks")
	assert.Equal(t, "Đoạn một.\n\nĐoạn hai.", s.Content, "content keeps its paragraphs, control characters out")
	assert.Equal(t, "１２３", s.Captcha, "the first value counts")
	assert.Equal(t, "abc", s.CaptchaID)
	assert.Equal(t, "p1", s.ParentID)
	assert.Equal(t, "tok", s.Token)
	assert.Empty(t, s.Honeypot)
	assert.Zero(t, s.invalid)

	again := Bind(s.Values())
	assert.Equal(t, s, again, "binding what Values gives back changes nothing")
}

func TestBindFlagsInvalidUTF8(t *testing.T) {
	s := Bind(url.Values{FormName: {"An\xff"}, FormContent: {"Nội dung \xc3 hỏng"}})
	assert.Equal(t, "An\uFFFD", s.Name, "the value is kept, with U+FFFD where the bad byte was")
	errs := DefaultRules().Validate(s)
	assert.True(t, errs.Has(FormName, CodeInvalidUTF8))
	assert.True(t, errs.Has(FormContent, CodeInvalidUTF8))
}

func TestBindCutsHugeFields(t *testing.T) {
	huge := strings.Repeat("ệ", maxFieldBytes) // three bytes each
	s := Bind(url.Values{FormContent: {huge}})
	assert.LessOrEqual(t, len(s.Content), maxFieldBytes)
	assert.True(t, strings.HasPrefix(huge, s.Content), "cut between characters")
	errs := Rules{Content: Limits{Max: 1 << 30}}.Validate(s)
	assert.True(t, errs.Has(FormContent, CodeTooLong), "a cut field is too long whatever the limit")
}

func postForm(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/binh-luan", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func TestBindRequest(t *testing.T) {
	v := url.Values{FormName: {"Trần Thị Bình"}, FormTitle: {"Góp ý"}, FormContent: {"Nội dung góp ý cho bài viết."}}
	s, err := BindRequest(postForm(v.Encode()), 0)
	require.NoError(t, err)
	assert.Equal(t, "Trần Thị Bình", s.Name)

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	require.NoError(t, mw.WriteField(FormName, "Lê Văn Cường"))
	require.NoError(t, mw.Close())
	r := httptest.NewRequest(http.MethodPost, "/", &buf)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	s, err = BindRequest(r, 0)
	require.NoError(t, err)
	assert.Equal(t, "Lê Văn Cường", s.Name, "multipart forms too")
}

// chunked hides a body's length, as a chunked upload does.
type chunked struct{ r *strings.Reader }

func (c chunked) Read(p []byte) (int, error) { return c.r.Read(p) }

func TestBindRequestRefusesLargeBodies(t *testing.T) {
	body := "content=" + strings.Repeat("a", 2000)

	declared := postForm(body)
	require.Equal(t, int64(len(body)), declared.ContentLength)
	reader := &countingReader{r: strings.NewReader(body)}
	declared.Body = reader
	_, err := BindRequest(declared, 1000)
	assert.ErrorIs(t, err, ErrTooLarge)
	assert.Zero(t, reader.n, "refused by its declared length before a byte is read")

	hidden := postForm("")
	hidden.ContentLength = -1
	hidden.Body = readCloser{chunked{strings.NewReader(body)}}
	_, err = BindRequest(hidden, 1000)
	assert.ErrorIs(t, err, ErrTooLarge, "refused while reading when the length is not declared")
}

type countingReader struct {
	r *strings.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}
func (c *countingReader) Close() error { return nil }

type readCloser struct{ chunked }

func (readCloser) Close() error { return nil }

func TestBindRequestContentType(t *testing.T) {
	for _, ct := range []string{"application/json", "text/plain", "multipart/form-data; boundary", "%%%"} {
		r := postForm("name=x")
		r.Header.Set("Content-Type", ct)
		_, err := BindRequest(r, 0)
		assert.Error(t, err, ct)
	}
	r := postForm("name=x")
	r.Header.Del("Content-Type")
	_, err := BindRequest(r, 0)
	assert.ErrorIs(t, err, ErrContentType)

	bad := postForm("name=%zz")
	_, err = BindRequest(bad, 0)
	assert.Error(t, err, "a malformed body is an error, not an empty form")
}

func TestSubmissionComment(t *testing.T) {
	now := time.Date(2020, 11, 29, 5, 48, 0, 0, time.UTC)
	const parent = "AAAAAAAAAAAAAAAAAAAAAAAAAA"
	s := Submission{Name: "An", Phone: "0912345678", Title: "Tựa", Content: "Nội dung.", ParentID: parent}
	c := s.Comment("a1", now)
	assert.Equal(t, Comment{ArticleID: "a1", ParentID: parent, Name: "An", Title: "Tựa", Content: "Nội dung.", CreatedAt: now, Status: Pending, Phone: c.Phone}, c)
	assert.Equal(t, "+84912345678", c.Phone.E164())
	assert.True(t, Submission{Phone: "12"}.Comment("a", now).Phone.IsZero())
	assert.Empty(t, Submission{ParentID: "p1"}.Comment("a", now).ParentID, "a parent ID of the wrong shape is never stored")
}
