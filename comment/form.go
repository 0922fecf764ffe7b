package comment

import (
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"net/url"
	"time"
	"unicode/utf8"

	"github.com/binhluan/binhluan/comment/phone"
	"github.com/binhluan/binhluan/internal/vntext"
)

// Form field names: the names the comment form's inputs must have.
const (
	FormName      = "name"       // Họ tên (*)
	FormPhone     = "phone"      // Số điện thoại
	FormTitle     = "title"      // Tiêu đề (*)
	FormContent   = "content"    // Nội dung (*)
	FormCaptchaID = "captcha_id" // the challenge the image shows
	FormCaptcha   = "captcha"    // Mã xác nhận
	FormParentID  = "parent_id"  // the comment replied to, if any
	FormToken     = "form_token" // signed issue time, see Tokens
	// FormHoneypot is a text input hidden from people with CSS; a bot that
	// fills every input fills it too.
	FormHoneypot = "website"
)

// Field names used in [FieldError] for problems with the form as a whole
// rather than one input.
const (
	FieldForm    = "form"
	FieldCaptcha = FormCaptcha
)

// DefaultMaxBodyBytes bounds a comment form's body when BindRequest is given
// no limit: 3,000 runes of Vietnamese content are at most 12 KB in UTF-8,
// three times that once URL-encoded.
const DefaultMaxBodyBytes = 64 << 10

// maxFieldBytes bounds what binding keeps of any one field, before
// validation, so that a huge value costs nothing to normalise. It is well
// above every rune limit a site would set.
const maxFieldBytes = 64 << 10

// ErrTooLarge is returned by [BindRequest] for a body over the limit.
var ErrTooLarge = errors.New("comment: form body too large")

// ErrContentType is returned by [BindRequest] for a body that is not a form.
var ErrContentType = errors.New("comment: body is not a form (want application/x-www-form-urlencoded or multipart/form-data)")

// Submission is a comment form as posted, every field normalised: NFC,
// trimmed, control and zero-width characters removed, white space folded
// (the content keeps its line breaks, one blank line at most between
// paragraphs). It holds exactly what the reader typed, cleaned, so a form
// re-rendered with its values loses nothing.
type Submission struct {
	Name      string
	Phone     string
	Title     string
	Content   string
	CaptchaID string
	Captcha   string
	ParentID  string
	Token     string
	Honeypot  string
	// Device is the browser's or device's fingerprint, when the site
	// computes one (a long-lived cookie, a hash of what the browser
	// tells): the screener checks it against bans ([SubjectDevice]).
	// BindRequest leaves it empty.
	Device string

	// IP and UserAgent describe the poster; BindRequest fills them from
	// the connection (RemoteAddr, not forwarding headers, which anyone can
	// set: a site behind a proxy it trusts sets IP itself).
	IP        string
	UserAgent string

	// invalid marks the fields whose posted bytes were not valid UTF-8;
	// their values above hold U+FFFD where the bad bytes were, and
	// validation reports them rather than accept a silent repair.
	invalid fieldSet
	// cut marks the fields longer than binding keeps.
	cut fieldSet
}

// fieldSet is a small set of the form's fields.
type fieldSet uint16

const (
	setName fieldSet = 1 << iota
	setPhone
	setTitle
	setContent
	setCaptcha
)

// Bind reads a submission from form values, as [net/http.Request.PostForm]
// holds them; for a field posted twice the first value counts.
func Bind(v url.Values) Submission {
	var s Submission
	s.Name = s.bindLine(v, FormName, setName)
	s.Phone = s.bindLine(v, FormPhone, setPhone)
	s.Title = s.bindLine(v, FormTitle, setTitle)
	s.Content = s.bind(v, FormContent, setContent, vntext.NormalizeLines)
	s.Captcha = s.bindLine(v, FormCaptcha, setCaptcha)
	s.CaptchaID = s.bindLine(v, FormCaptchaID, 0)
	s.ParentID = s.bindLine(v, FormParentID, 0)
	s.Token = s.bindLine(v, FormToken, 0)
	s.Honeypot = s.bindLine(v, FormHoneypot, 0)
	return s
}

func (s *Submission) bindLine(v url.Values, name string, f fieldSet) string {
	return s.bind(v, name, f, vntext.Normalize)
}

func (s *Submission) bind(v url.Values, name string, f fieldSet, normalize func(string) string) string {
	raw := v.Get(name)
	if len(raw) > maxFieldBytes {
		i := maxFieldBytes
		for i > maxFieldBytes-utf8.UTFMax && !utf8.RuneStart(raw[i]) {
			i-- // cut before a character, never inside one
		}
		raw = raw[:i]
		s.cut |= f
	}
	if !utf8.ValidString(raw) {
		s.invalid |= f
	}
	return normalize(raw)
}

// BindRequest reads a submission from a POSTed form. A body over maxBytes
// (DefaultMaxBodyBytes when maxBytes <= 0) is refused with [ErrTooLarge]:
// by its declared length before any of it is read, otherwise as soon as
// reading passes the limit. A body that is not a form gives
// [ErrContentType].
func BindRequest(r *http.Request, maxBytes int64) (Submission, error) {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBodyBytes
	}
	if r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch {
		return Submission{}, fmt.Errorf("%w: a %s request carries no form body", ErrContentType, r.Method)
	}
	if r.ContentLength > maxBytes {
		return Submission{}, fmt.Errorf("%w: %d bytes declared, %d allowed", ErrTooLarge, r.ContentLength, maxBytes)
	}
	if r.Body != nil {
		r.Body = http.MaxBytesReader(nil, r.Body, maxBytes)
	}
	ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil && r.Header.Get("Content-Type") != "" {
		return Submission{}, fmt.Errorf("%w: %v", ErrContentType, err)
	}
	switch ct {
	case "application/x-www-form-urlencoded":
		err = r.ParseForm()
	case "multipart/form-data":
		err = r.ParseMultipartForm(maxBytes)
	default:
		return Submission{}, fmt.Errorf("%w: got %q", ErrContentType, ct)
	}
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return Submission{}, fmt.Errorf("%w: over %d bytes", ErrTooLarge, maxBytes)
		}
		return Submission{}, fmt.Errorf("comment: reading form: %w", err)
	}
	s := Bind(r.PostForm)
	s.IP = r.RemoteAddr
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		s.IP = host
	}
	s.UserAgent = vntext.Normalize(firstBytes(r.UserAgent(), 512))
	return s, nil
}

// firstBytes cuts s to at most n bytes, between characters.
func firstBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Values returns the submission as form values, to re-render a form with
// what the reader typed or to post it in a test.
func (s Submission) Values() url.Values {
	v := url.Values{}
	set := func(name, value string) {
		if value != "" {
			v.Set(name, value)
		}
	}
	set(FormName, s.Name)
	set(FormPhone, s.Phone)
	set(FormTitle, s.Title)
	set(FormContent, s.Content)
	set(FormCaptchaID, s.CaptchaID)
	set(FormCaptcha, s.Captcha)
	set(FormParentID, s.ParentID)
	set(FormToken, s.Token)
	set(FormHoneypot, s.Honeypot)
	return v
}

// Comment builds the pending comment a valid submission makes on an
// article, created at now. The phone number is kept in its parsed form when
// it parses, and left empty otherwise; the parent ID is kept when it has
// the shape of a comment ID, and dropped otherwise. Validate the
// submission first, and check that the parent takes replies ([Screener]
// does both).
func (s Submission) Comment(articleID string, now time.Time) Comment {
	c := Comment{
		ArticleID: articleID,
		Name:      s.Name,
		Title:     s.Title,
		Content:   s.Content,
		CreatedAt: now,
		IP:        s.IP,
		UserAgent: s.UserAgent,
		Status:    Pending,
	}
	if p, err := phone.Parse(s.Phone); err == nil {
		c.Phone = p
	}
	if ValidID(s.ParentID) {
		c.ParentID = s.ParentID
	}
	return c
}
