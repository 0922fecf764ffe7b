package abuse

import (
	"github.com/binhluan/binhluan/classify"
	"github.com/binhluan/binhluan/comment/wordlist"
)

// MaskTokens returns a copy of the tokens of an explanation
// (classify.Classifier.Explain) with the words of list's Mask, Hold and
// Refuse entries masked as list.Mask masks a comment, one '*' a letter:
// "^dit" is shown "^***", "#dir:ngu" as it is, for a moderation view that
// shows the words that weighed without the swearing. A nil list masks
// nothing.
func MaskTokens(tokens []classify.Token, list *wordlist.List) []classify.Token {
	out := make([]classify.Token, len(tokens))
	for i, tok := range tokens {
		if list != nil {
			tok.Text = list.Mask(tok.Text)
		}
		out[i] = tok
	}
	return out
}
