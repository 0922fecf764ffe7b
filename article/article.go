package article

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/binhluan/binhluan/internal/fielderr"
	"github.com/binhluan/binhluan/internal/vntext"
)

// MaxSlugLen is the longest slug, in bytes, that [Parse] and [Article.EnsureSlug]
// make from a title. Slugs are cut only between words.
const MaxSlugLen = 100

// BlockKind says what a [Block] of the article body is.
type BlockKind int

const (
	// Paragraph is a block of running text.
	Paragraph BlockKind = iota
	// Image is a picture with an optional caption.
	Image
)

var blockKindNames = [...]string{Paragraph: "paragraph", Image: "image"}

// String returns "paragraph" or "image", the names used in JSON.
func (k BlockKind) String() string {
	if k >= 0 && int(k) < len(blockKindNames) {
		return blockKindNames[k]
	}
	return fmt.Sprintf("BlockKind(%d)", int(k))
}

// MarshalText encodes the kind as its name, so JSON stays readable and
// stable if kinds are added later.
func (k BlockKind) MarshalText() ([]byte, error) {
	if k < 0 || int(k) >= len(blockKindNames) {
		return nil, fmt.Errorf("article: unknown block kind %d", int(k))
	}
	return []byte(blockKindNames[k]), nil
}

// UnmarshalText decodes a kind from its name.
func (k *BlockKind) UnmarshalText(b []byte) error {
	for i, name := range blockKindNames {
		if string(b) == name {
			*k = BlockKind(i)
			return nil
		}
	}
	return fmt.Errorf("article: unknown block kind %q", b)
}

// Block is one piece of an article body: a paragraph of text, or an image
// with its caption. Src is the image address, which a plain-text export does
// not carry, so it may be empty for images read by [Parse].
type Block struct {
	Kind    BlockKind `json:"kind"`
	Text    string    `json:"text,omitempty"`
	Src     string    `json:"src,omitempty"`
	Caption string    `json:"caption,omitempty"`
}

// Article is a published news article. Times are instants; [FormatStamp]
// and [FormatLong] show them in Vietnam time. JSON field names are
// snake_case, and an Article survives a JSON round trip unchanged when its
// PublishedAt is in [Vietnam] time (decoding puts it there).
type Article struct {
	ID          string    `json:"id"`
	Slug        string    `json:"slug"`
	Series      string    `json:"series,omitempty"`
	Title       string    `json:"title"`
	Source      string    `json:"source,omitempty"`
	Lead        string    `json:"lead,omitempty"`
	Body        []Block   `json:"body"`
	Author      string    `json:"author,omitempty"`
	PublishedAt time.Time `json:"published_at"`
	Views       int64     `json:"views"`
	Tags        []string  `json:"tags,omitempty"`
}

// UnmarshalJSON decodes an article and moves PublishedAt into Vietnam time,
// so that a decoded article compares equal, field by field, to the one that
// was encoded.
func (a *Article) UnmarshalJSON(b []byte) error {
	type plain Article
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("article: decoding JSON: %w", err)
	}
	if !p.PublishedAt.IsZero() {
		p.PublishedAt = p.PublishedAt.In(Vietnam())
	}
	*a = Article(p)
	return nil
}

// Clone returns a deep copy of a, sharing no slices with it.
func (a *Article) Clone() *Article {
	if a == nil {
		return nil
	}
	c := *a
	c.Body = slices.Clone(a.Body)
	c.Tags = slices.Clone(a.Tags)
	return &c
}

// EnsureSlug sets Slug from the title when it is empty and returns it.
func (a *Article) EnsureSlug() string {
	if a.Slug == "" {
		a.Slug = vntext.Slug(a.Title, MaxSlugLen)
	}
	return a.Slug
}

// Text returns the article's reading text: the lead, then every paragraph,
// one per line. Captions are left out, since they describe pictures rather
// than tell the story.
func (a *Article) Text() string {
	var sb strings.Builder
	add := func(s string) {
		if s == "" {
			return
		}
		if sb.Len() > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString(s)
	}
	add(a.Lead)
	for _, b := range a.Body {
		if b.Kind == Paragraph {
			add(b.Text)
		}
	}
	return sb.String()
}

// Excerpt returns the first whole sentences of the article's text (lead,
// then body) that fit in maxRunes runes; see the package function [Excerpt].
func (a *Article) Excerpt(maxRunes int) string {
	return Excerpt(a.Text(), maxRunes)
}

// WordCount counts the words of the article's text and captions. Vietnamese
// syllables are written apart, so this counts syllables, which is what
// reading speeds for Vietnamese are measured in.
func (a *Article) WordCount() int {
	n := vntext.Words(a.Text())
	for _, b := range a.Body {
		if b.Kind == Image {
			n += vntext.Words(b.Caption)
		}
	}
	return n
}

// ReadingTime estimates how long the article takes to read at
// [WordsPerMinute], rounded up to whole minutes; it is at least one minute
// for any article with text, and zero for one without.
func (a *Article) ReadingTime() time.Duration {
	return ReadingTime(a.WordCount())
}

// Field names used in [FieldError].
const (
	FieldID          = "id"
	FieldSlug        = "slug"
	FieldSeries      = "series"
	FieldTitle       = "title"
	FieldSource      = "source"
	FieldLead        = "lead"
	FieldBody        = "body"
	FieldAuthor      = "author"
	FieldPublishedAt = "published_at"
	FieldViews       = "views"
	FieldTags        = "tags"
)

// Code is the stable key of a [FieldError]: the same type as
// comment.Code.
type Code = fielderr.Code

// Problem codes used in [FieldError], shared with package comment.
const (
	CodeRequired    = fielderr.Required    // an empty required field
	CodeInvalidUTF8 = fielderr.InvalidUTF8 // text that is not UTF-8
	CodeInvalid     = fielderr.Invalid     // a slug, block kind or count of the wrong shape
)

// FieldError is one problem [Article.Validate] found: the JSON name of the
// field (with an index for body blocks and tags, as in "body[2]") and a
// stable code; Params is empty. It is the same type as comment.FieldError,
// and its Error method returns "<field>: <code>".
type FieldError = fielderr.Error

// FieldErrors is every problem [Article.Validate] found, in field order:
// the same type as comment.FieldErrors, with Has and Codes to query it.
type FieldErrors = fielderr.List

// Validate checks an article a site writes itself: it needs a title, a body
// with at least one block, and a publish time; every text field must be
// valid UTF-8; a slug, when set, must be a plain lowercase ASCII slug; views
// cannot be negative. It returns nil or every problem at once as
// [FieldErrors], which errors.As finds, and each [FieldError] in it too.
func (a *Article) Validate() error {
	var errs FieldErrors
	bad := func(field string, code Code) { errs = append(errs, FieldError{Field: field, Code: code}) }
	text := func(field, s string, required bool) {
		switch {
		case !utf8.ValidString(s):
			bad(field, CodeInvalidUTF8)
		case required && strings.TrimSpace(s) == "":
			bad(field, CodeRequired)
		}
	}
	text(FieldID, a.ID, false)
	text(FieldSeries, a.Series, false)
	text(FieldTitle, a.Title, true)
	text(FieldSource, a.Source, false)
	text(FieldLead, a.Lead, false)
	text(FieldAuthor, a.Author, false)
	if a.Slug != "" && vntext.Slug(a.Slug, 0) != a.Slug {
		bad(FieldSlug, CodeInvalid)
	}
	if len(a.Body) == 0 {
		bad(FieldBody, CodeRequired)
	}
	for i, b := range a.Body {
		field := fmt.Sprintf("%s[%d]", FieldBody, i)
		switch b.Kind {
		case Paragraph:
			text(field, b.Text, true)
		case Image:
			text(field, b.Src, false)
			text(field, b.Caption, b.Src == "")
		default:
			bad(field, CodeInvalid)
		}
	}
	if a.PublishedAt.IsZero() {
		bad(FieldPublishedAt, CodeRequired)
	}
	if a.Views < 0 {
		bad(FieldViews, CodeInvalid)
	}
	for i, t := range a.Tags {
		text(fmt.Sprintf("%s[%d]", FieldTags, i), t, true)
	}
	return errs.Err()
}
