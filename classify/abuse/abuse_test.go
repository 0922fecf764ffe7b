package abuse_test

import (
	"fmt"
	"testing"

	"github.com/binhluan/binhluan/classify"
	"github.com/binhluan/binhluan/classify/abuse"
	"github.com/binhluan/binhluan/comment/wordlist"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExamples(t *testing.T) {
	ex, err := abuse.Examples()
	require.NoError(t, err)
	var n [2]int
	for _, e := range ex {
		n[e.Class]++
	}
	assert.Equal(t, [2]int{classify.Ham: 2043, classify.Spam: 1335}, n, "the counts of starter/README.md")
}

func TestDefault(t *testing.T) {
	c, err := abuse.Default(nil)
	require.NoError(t, err)
	assert.Equal(t, classify.KindAbuse, c.Kind())
	cfg := c.Config()
	assert.Equal(t, abuse.StarterAbuseThreshold, cfg.SpamThreshold)
	assert.Equal(t, abuse.StarterCleanThreshold, cfg.HamThreshold)
	assert.Equal(t, [2]string{"clean", "abuse"}, c.Labels())

	// A kind given is overridden, a threshold given kept.
	c, err = abuse.Default(&classify.Config{Kind: classify.KindSpam, SpamThreshold: 0.999})
	require.NoError(t, err)
	assert.Equal(t, classify.KindAbuse, c.Kind())
	assert.Equal(t, 0.999, c.Config().SpamThreshold)
	assert.Equal(t, abuse.StarterCleanThreshold, c.Config().HamThreshold)

	_, err = abuse.Default(&classify.Config{Alpha: -1})
	assert.ErrorContains(t, err, "Config.Alpha")

	tests := []struct {
		text    string
		flagged bool
	}{
		{"Thằng óc chó này câm mồm đi", true},
		{"đ.m thằng ngu", true},
		{"Đề nghị cơ quan chức năng làm rõ trách nhiệm của chủ đầu tư.", false},
		{"Con chó nhà tôi rất khôn, biết trông nhà.", false},
		{"Mày xạo lồn vừa thôi.", true},
		// Short everyday comments with words that insults also use:
		// the first corpus, whose abuse was short and clean long,
		// flagged them.
		{"Bọn trẻ vui lắm.", false},
		{"Đồ ăn ở đây ngon.", false},
		{"Như thế là được rồi.", false},
	}
	c, err = abuse.Default(nil)
	require.NoError(t, err)
	for _, tt := range tests {
		_, flagged, _ := c.Judge("", "", tt.text)
		assert.Equal(t, tt.flagged, flagged, tt.text)
	}
}

func TestMaskTokens(t *testing.T) {
	list, err := wordlist.New(wordlist.Default())
	require.NoError(t, err)
	in := []classify.Token{{Text: "^dit", Weight: 2}, {Text: "đéo", Weight: 1}, {Text: "#dir:ngu", Weight: 1}, {Text: "nhà", Weight: -1}, {Text: "%dit", Weight: 1}}
	got := abuse.MaskTokens(in, list)
	assert.Equal(t, []string{"^***", "***", "#dir:ngu", "nhà", "%***"}, []string{got[0].Text, got[1].Text, got[2].Text, got[3].Text, got[4].Text})
	assert.Equal(t, "^dit", in[0].Text, "the tokens given are not changed")
	assert.Equal(t, in, abuse.MaskTokens(in, nil))
}

// A starter abuse model screens a comment and explains its verdict, the
// swear words masked.
func Example() {
	model, err := abuse.Default(nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	list, err := wordlist.New(wordlist.Default())
	if err != nil {
		fmt.Println(err)
		return
	}
	r := model.Explain(classify.Text("đ.m thằng ngu, câm mồm đi"), 3)
	fmt.Println(r.Verdict == classify.VerdictSpam)
	for _, tok := range abuse.MaskTokens(r.Tokens, list) {
		fmt.Printf("%s %+.1f\n", tok.Text, tok.Weight)
	}
	// The word list's hold entry "đm", the word folded ("^dm", masked)
	// and a suspect entry of the word list weighed most.

	// Output:
	// true
	// #wl:hold +5.0
	// ^** +2.0
	// #wl:suspect +1.6
}

// BenchmarkDefault measures what a site pays at start-up for the starter
// abuse model: training it on the embedded corpus.
func BenchmarkDefault(b *testing.B) {
	for b.Loop() {
		if _, err := abuse.Default(nil); err != nil {
			b.Fatal(err)
		}
	}
}
