package classify

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Kind is what a model tells apart, and so which features it reads: a
// spam filter ([KindSpam], the default) or an abuse filter ([KindAbuse]).
// Both are the same engine over two classes: [Ham], the class a site
// publishes, and [Spam], the class it holds, whatever the labels call them
// (see [Config.Labels]).
type Kind uint8

const (
	// KindSpam tells spam from ham: the features of the package
	// documentation.
	KindSpam Kind = iota
	// KindAbuse tells abuse (insults, slurs, vulgar swearing, threats)
	// from clean comments: the spam features and, on top of them, the
	// abuse features (see the package documentation).
	KindAbuse
)

// String returns "spam" or "abuse".
func (k Kind) String() string {
	switch k {
	case KindSpam:
		return "spam"
	case KindAbuse:
		return "abuse"
	}
	return fmt.Sprintf("Kind(%d)", uint8(k))
}

// ParseKind reads "spam" or "abuse".
func ParseKind(s string) (Kind, error) {
	switch s {
	case "spam":
		return KindSpam, nil
	case "abuse":
		return KindAbuse, nil
	}
	return KindSpam, fmt.Errorf("classify: unknown kind %q (want spam or abuse)", s)
}

// Labels returns the kind's labels of its two classes, indexed by
// [Class]: "ham" and "spam", or "clean" and "abuse".
func (k Kind) Labels() [2]string {
	if k == KindAbuse {
		return [2]string{Ham: "clean", Spam: "abuse"}
	}
	return [2]string{Ham: "ham", Spam: "spam"}
}

// maxLabelBytes bounds a label of [Config.Labels].
const maxLabelBytes = 64

// checkLabels reports what is wrong with a pair of labels: each must be
// valid UTF-8, non-empty, at most maxLabelBytes, without white space
// around it, a tab or a line break, and the two must differ.
func checkLabels(l [2]string) error {
	for _, s := range l {
		switch {
		case s == "":
			return fmt.Errorf("classify: Config.Labels %q: a label is empty", l)
		case len(s) > maxLabelBytes || !utf8.ValidString(s) || strings.TrimSpace(s) != s || strings.ContainsAny(s, "\t\r\n"):
			return fmt.Errorf("classify: Config.Labels %q: a label must be valid UTF-8 of at most %d bytes, with no tab, line break or white space around it", l, maxLabelBytes)
		}
	}
	if l[Ham] == l[Spam] {
		return fmt.Errorf("classify: Config.Labels %q: the two labels are the same", l)
	}
	return nil
}

// ParseLabel returns the class that labels (indexed by [Class], as
// [Config.Labels]) give the label s.
func ParseLabel(labels [2]string, s string) (Class, error) {
	switch s {
	case labels[Ham]:
		return Ham, nil
	case labels[Spam]:
		return Spam, nil
	}
	return Ham, fmt.Errorf("classify: unknown label %q (want %s or %s)", s, labels[Spam], labels[Ham])
}

// Kind returns the kind of the model: what it tells apart.
func (c *Classifier) Kind() Kind {
	c.ready()
	return c.cfg.Kind
}

// Labels returns the labels of the model's two classes, indexed by
// [Class].
func (c *Classifier) Labels() [2]string {
	c.ready()
	return c.cfg.labels()
}

// labels returns the labels of the classes: Labels, or the kind's.
func (c Config) labels() [2]string {
	if c.Labels == ([2]string{}) {
		return c.Kind.Labels()
	}
	return c.Labels
}

// ReadTSVLabels is [ReadTSV] for a file labelled with labels (indexed by
// [Class], as [Config.Labels]) instead of "ham" and "spam": for the abuse
// starter's "clean" and "abuse", KindAbuse.Labels().
func ReadTSVLabels(r io.Reader, labels [2]string) ([]Example, error) {
	if err := checkLabels(labels); err != nil {
		return nil, err
	}
	return ReadTSVFunc(r, func(label string) (Class, error) {
		c, err := ParseLabel(labels, label)
		if err != nil {
			return Ham, labelError{labels}
		}
		return c, nil
	})
}

// ReadTSVFunc is [ReadTSV] with the classes of the labels given by
// classOf: for files with more labels than two, such as "clean",
// "offensive" and "hate", read as two classes. A label classOf refuses
// gives a [*ParseError] whose Err wraps classOf's error.
func ReadTSVFunc(r io.Reader, classOf func(label string) (Class, error)) ([]Example, error) {
	return readTSV(r, classOf)
}

// labelError is ErrLabel for labels other than "ham" and "spam": it names
// them, and errors.Is matches it with ErrLabel.
type labelError struct{ labels [2]string }

func (e labelError) Error() string {
	return fmt.Sprintf("unknown label (want %s or %s)", e.labels[Spam], e.labels[Ham])
}

func (e labelError) Is(target error) bool { return target == ErrLabel }
