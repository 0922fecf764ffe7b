package article

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/binhluan/binhluan/internal/vntext"
)

// MaxPageBytes is the largest page export [Parse] reads; a news article is a
// few tens of kilobytes.
const MaxPageBytes = 4 << 20

// Errors from [Parse]. Each is wrapped with details of the page.
var (
	ErrTooLarge    = errors.New("article: page is larger than MaxPageBytes")
	ErrInvalidUTF8 = errors.New("article: page is not valid UTF-8")
	ErrNoTitle     = errors.New("article: page has no title line")
	ErrNoStamp     = errors.New("article: page has no publish stamp like (12:48 29/11/2020) after its title")
	ErrNoBody      = errors.New("article: page has no body")
	ErrLayout      = errors.New("article: page does not have the layout of an article export")
)

// stampAtEnd finds the publish stamp closing a title line, "(12:48 29/11/2020)".
var stampAtEnd = regexp.MustCompile(`\(\s*\d{1,2}[:hH]\d{2}\s+\d{1,2}[/-]\d{1,2}[/-]\d{4}\s*\)$`)

// sourceTag finds a source tag opening the lead, "HNP - " or "(TTXVN) – ".
var sourceTag = regexp.MustCompile(`^\(?(\p{Lu}[\p{Lu}\d.&]{1,15})\)?\s*[-–—]\s+(\S.*)$`)

// furniture holds the folded lines that start a news page's trailing
// furniture: lists of other articles, the comment box and its form.
var furniture = map[string]bool{
	"cac bai moi dang":    true,
	"cac bai da dang":     true,
	"bai viet xem":        true,
	"viet binh luan":      true,
	"gui binh luan":       true,
	"binh luan":           true,
	"y kien ban doc":      true,
	"tin lien quan":       true,
	"tin cung chuyen muc": true,
	"tin khac":            true,
	"ho ten:(*)":          true,
}

// Parse reads a plain-text export of an article page, as a browser copies
// it: one block per line, blank lines between blocks. The layout it expects
// is the one Vietnamese news portals print:
//
//	Series heading:                                 (optional, ends in ":")
//	Title (12:48 29/11/2020)                        (the stamp may be on its own line)
//	HNP - Lead paragraph…                           (the source tag is optional)
//	Caption of a picture                            (short, no final punctuation)
//	Body paragraphs…
//	Nhật Minh                                       (byline: a few capitalised words)
//	Các bài mới đăng / Các bài đã đăng / Viết bình luận …
//
// Reading stops at the first line of trailing furniture ("Các bài mới
// đăng", "Các bài đã đăng", "Bài viết Xem", "Viết bình luận", "Tin liên
// quan", the form's "Họ tên:(*)" and a few more); nothing after it enters the
// article. Every line before it lands in a field: a line is never dropped.
// A short body line with no final punctuation is read as an image caption,
// and so is one that starts "Ảnh:"; the byline is the last line when it is
// a few capitalised words. The text is normalised (NFC, control and
// zero-width characters out, white space folded); the slug comes from the
// title, and ID is left for the caller to set.
//
// Parse reports what is missing rather than guessing: a page over
// [MaxPageBytes], invalid UTF-8, no title, no stamp, no body, or more than a
// series line before the title each give an error wrapping one of the
// package's Err values.
func Parse(r io.Reader) (*Article, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxPageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("article: reading page: %w", err)
	}
	if len(data) > MaxPageBytes {
		return nil, fmt.Errorf("%w (%d bytes)", ErrTooLarge, MaxPageBytes)
	}
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: bad byte at offset %d", ErrInvalidUTF8, firstInvalid(data))
	}
	return parseLines(contentLines(string(data)))
}

// contentLines returns the non-empty normalised lines of a page up to its
// trailing furniture.
func contentLines(page string) []string {
	var lines []string
	for _, line := range strings.Split(vntext.NormalizeLines(page), "\n") {
		if line == "" {
			continue
		}
		if isFurniture(line) {
			break
		}
		lines = append(lines, line)
	}
	return lines
}

func parseLines(lines []string) (*Article, error) {
	if len(lines) == 0 {
		return nil, fmt.Errorf("%w: the page is empty before its furniture", ErrNoTitle)
	}
	ti, stampLine, stamp := findStamp(lines)
	if ti < 0 {
		return nil, fmt.Errorf("%w (read %d lines)", ErrNoStamp, len(lines))
	}
	a := &Article{}
	published, err := ParseStamp(stamp)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoStamp, err)
	}
	a.PublishedAt = published
	a.Title = strings.TrimSpace(strings.TrimSuffix(lines[ti], stamp))
	if a.Title == "" {
		return nil, fmt.Errorf("%w: the stamp %s has no title before it", ErrNoTitle, stamp)
	}
	switch ti {
	case 0:
	case 1:
		a.Series = strings.TrimSpace(strings.TrimSuffix(lines[0], ":"))
	default:
		return nil, fmt.Errorf("%w: %d lines stand before the title %q, where only a series heading may", ErrLayout, ti, a.Title)
	}
	rest := lines[stampLine+1:]
	if len(rest) == 0 {
		return nil, fmt.Errorf("%w: nothing follows the title %q", ErrNoBody, a.Title)
	}
	a.Lead = rest[0]
	if m := sourceTag.FindStringSubmatch(a.Lead); m != nil {
		a.Source, a.Lead = m[1], m[2]
	}
	rest = rest[1:]
	if n := len(rest); n > 0 && isByline(rest[n-1]) {
		a.Author, rest = rest[n-1], rest[:n-1]
	}
	if len(rest) == 0 {
		return nil, fmt.Errorf("%w: only a lead follows the title %q", ErrNoBody, a.Title)
	}
	a.Body = make([]Block, 0, len(rest))
	for _, line := range rest {
		if isCaption(line) {
			a.Body = append(a.Body, Block{Kind: Image, Caption: line})
		} else {
			a.Body = append(a.Body, Block{Kind: Paragraph, Text: line})
		}
	}
	a.EnsureSlug()
	return a, nil
}

// findStamp finds the title line: the first line ending in a stamp, or
// followed by a line that is only a stamp. It returns the title's index,
// the index of the line that holds the stamp, and the stamp text.
func findStamp(lines []string) (title, stampLine int, stamp string) {
	for i, line := range lines {
		if !strings.HasSuffix(line, ")") {
			continue
		}
		loc := stampAtEnd.FindStringIndex(line)
		if loc == nil {
			continue
		}
		if loc[0] == 0 && i > 0 {
			return i - 1, i, line
		}
		return i, i, line[loc[0]:]
	}
	return -1, -1, ""
}

// isFurniture reports whether a line starts the page's trailing furniture.
func isFurniture(line string) bool {
	if len(line) > 64 {
		return false
	}
	key := strings.TrimSpace(strings.TrimRight(vntext.FoldKey(line), ": "))
	return furniture[key]
}

// endsSentence reports whether a line ends with sentence punctuation,
// looking through closing quotes and brackets.
func endsSentence(line string) bool {
	line = strings.TrimRightFunc(line, isCloser)
	r, _ := utf8.DecodeLastRuneInString(line)
	return strings.ContainsRune(".!?…:;,", r)
}

// isByline reports whether a line looks like an author's name: at most six
// words, each starting with a capital letter, and no final punctuation.
func isByline(line string) bool {
	words := strings.Fields(line)
	if len(words) == 0 || len(words) > 6 || endsSentence(line) {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// isCaption reports whether a body line reads as a picture's caption: it
// starts "Ảnh:", or it is at most 40 words, begins with a capital letter
// and has no final punctuation.
func isCaption(line string) bool {
	head, _ := vntext.Truncate(line, 16)
	key := vntext.FoldKey(head)
	if strings.HasPrefix(key, "anh:") || strings.HasPrefix(key, "(anh:") || strings.HasPrefix(key, "anh minh hoa") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(line)
	return unicode.IsUpper(r) && !endsSentence(line) && vntext.Words(line) <= 40
}

// firstInvalid returns the offset of the first byte that is not part of
// valid UTF-8.
func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}
