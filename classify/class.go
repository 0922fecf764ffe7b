package classify

import "fmt"

// Class is what a document is: [Ham], a normal comment, or [Spam].
type Class uint8

const (
	// Ham is a normal comment.
	Ham Class = iota
	// Spam is an unwanted comment: ads, links, scams.
	Spam
)

// String returns "ham" or "spam", the labels of the TSV files.
func (c Class) String() string {
	switch c {
	case Ham:
		return "ham"
	case Spam:
		return "spam"
	}
	return fmt.Sprintf("Class(%d)", uint8(c))
}

// ParseClass reads "ham" or "spam".
func ParseClass(s string) (Class, error) {
	switch s {
	case "ham":
		return Ham, nil
	case "spam":
		return Spam, nil
	}
	return Ham, fmt.Errorf("classify: unknown class %q (want spam or ham)", s)
}

// MarshalText encodes the class as its label.
func (c Class) MarshalText() ([]byte, error) {
	if c > Spam {
		return nil, fmt.Errorf("classify: unknown class %d", uint8(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText decodes a class from its label.
func (c *Class) UnmarshalText(b []byte) error {
	v, err := ParseClass(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Verdict is the classifier's decision on a document.
type Verdict uint8

const (
	// VerdictHam: publish or hold as the site's policy says for normal comments.
	VerdictHam Verdict = iota
	// VerdictUnsure: the filter cannot tell; a moderator should look.
	VerdictUnsure
	// VerdictSpam: the filter is confident the comment is spam.
	VerdictSpam
)

// String returns "ham", "unsure" or "spam".
func (v Verdict) String() string {
	switch v {
	case VerdictHam:
		return "ham"
	case VerdictUnsure:
		return "unsure"
	case VerdictSpam:
		return "spam"
	}
	return fmt.Sprintf("Verdict(%d)", uint8(v))
}

// MarshalText encodes the verdict as its name.
func (v Verdict) MarshalText() ([]byte, error) {
	if v > VerdictSpam {
		return nil, fmt.Errorf("classify: unknown verdict %d", uint8(v))
	}
	return []byte(v.String()), nil
}

// Document is a comment as the classifier sees it. The same word in the
// name, the title or the content is a different feature: "vay" in a name
// says something else than "vay" in a comment about a loan scandal. For a
// plain text, fill Content only.
type Document struct {
	Name    string
	Title   string
	Content string
}

// Text returns a document with only content.
func Text(s string) Document { return Document{Content: s} }

// Example is a labelled document, for training and evaluation.
type Example struct {
	Class Class
	Doc   Document
}

// Token is a feature of a scored document, or a word's letter pairs taken
// together, with its weight: the log-odds it adds for spam (positive) or
// ham (negative), its naive Bayes log-odds times its fitted weight plus
// its additive weight (see [Train]), scaled with the rest for a long
// comment. Text is readable by a moderator: a word ("vay"), its
// accent-free twin ("~tien"), a bigram ("vay tien"), the letter pairs of a
// word or number of the content ("%vay", the sum of its pairs the document
// had first in that word), or a marker such as "#url", "#phone", "#money",
// "#caps", "#mash" (keyboard mashing) or "#words:6-10" (the content's
// length), prefixed "name:" or "title:" when it came from those fields.
type Token struct {
	Text   string  `json:"text"`
	Weight float64 `json:"weight"`
}

// Result is a score: the probability that the document is spam, the
// verdict the thresholds give, and, from [Classifier.Explain], the tokens
// that pushed it most either way.
type Result struct {
	Probability float64 `json:"probability"`
	Verdict     Verdict `json:"verdict"`
	Tokens      []Token `json:"tokens,omitempty"`
}
