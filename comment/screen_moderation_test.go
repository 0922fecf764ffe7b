package comment

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/comment/phone"
	"github.com/binhluan/binhluan/comment/wordlist"
)

// fakeBans holds bans by subject and remembers what it was asked.
type fakeBans struct {
	bans  map[Subject]Ban
	asked []Subject
	err   error
}

func (f *fakeBans) ActiveBans(_ context.Context, subjects []Subject, at time.Time) ([]Ban, error) {
	f.asked = subjects
	if f.err != nil {
		return nil, f.err
	}
	var out []Ban
	for _, s := range subjects {
		if b, ok := f.bans[s]; ok && b.Active(at) {
			out = append(out, b)
		}
	}
	return out, nil
}

// fakeTrust trusts the numbers it holds.
type fakeTrust struct {
	trusted map[string]bool
	calls   int
	err     error
}

func (f *fakeTrust) Trusted(_ context.Context, n phone.Number, _ time.Time) (bool, error) {
	f.calls++
	return f.trusted[n.E164()], f.err
}

// The number valid() posts, and a prefix ban of the address posted() uses.
const postedPhone = "+84912345678"

var postedPrefix = Subject{SubjectIP, "203.0.113.0/24"}

func TestScreenModerationOrder(t *testing.T) {
	words, err := wordlist.New(wordlist.Default())
	require.NoError(t, err)
	until := screenNow.Add(7 * 24 * time.Hour)
	tests := []struct {
		name    string
		bans    map[Subject]Ban
		trusted bool
		spam    fakeScorer
		abuse   *fakeScorer
		content string
		change  func(v url.Values)
		approve bool
		status  Status
		reason  Reason
		errs    []string
	}{
		{name: "trusted and cleared", trusted: true, spam: judgedHam, status: Approved, reason: ReasonTrusted},
		{name: "trusted and unsure", trusted: true, spam: judgedUnsure, status: Approved, reason: ReasonTrusted},
		{name: "trusted but spam", trusted: true, spam: judgedSpam, status: Spam, reason: ReasonSpamFilter},
		{name: "trusted but abusive", trusted: true, spam: judgedHam, abuse: &fakeScorer{p: 0.9, flagged: true}, status: Pending, reason: ReasonAbuse},
		{name: "abusive even when cleared of spam", spam: judgedHam, abuse: &fakeScorer{p: 0.9, flagged: true}, approve: true, status: Pending, reason: ReasonAbuse},
		{name: "abuse unsure holds what spam cleared", spam: judgedHam, abuse: &fakeScorer{p: 0.4}, approve: true, status: Pending, reason: ReasonUnsure},
		{name: "both cleared", spam: judgedHam, abuse: &fakeScorer{p: 0.01, cleared: true}, approve: true, status: Approved, reason: ReasonCleared},
		{name: "trusted but honeypot", trusted: true, spam: judgedHam, change: func(v url.Values) { v.Set(FormHoneypot, "x") }, status: Spam, reason: ReasonHoneypot},
		{name: "trusted but held word", trusted: true, spam: judgedHam, content: "Bài này viết như cái lồn, ai duyệt vậy", status: Pending, reason: ReasonWordList},
		{name: "a held word goes to a moderator, not the spam folder", spam: judgedSpam, content: "Bài này viết như cái lồn, ai duyệt vậy", status: Pending, reason: ReasonWordList},
		{name: "a suspect word comes before the bot signals", spam: judgedHam, change: func(v url.Values) { v.Set(FormHoneypot, "x") }, content: "Đồ ngu mới tin mấy lời hứa này của họ", status: Pending, reason: ReasonSuspectWord},
		{name: "spam beats abuse", spam: judgedSpam, abuse: &fakeScorer{p: 0.9, flagged: true}, status: Spam, reason: ReasonSpamFilter},
		{name: "suspect word", spam: judgedHam, approve: true, content: "Đồ ngu mới tin mấy lời hứa này của họ", status: Pending, reason: ReasonSuspectWord},
		{name: "masked word passes", spam: judgedHam, approve: true, content: "Vãi thật, giá nhà Hà Nội lại lên nữa rồi", status: Approved, reason: ReasonCleared},
		{name: "refused word is an error", spam: judgedHam, content: "Địt mẹ bọn viết báo này", errs: []string{"content:banned_word"}},
		{name: "innocent các", spam: judgedHam, approve: true, content: "Các bạn trẻ bây giờ giỏi thật, chúc mừng các em", status: Approved, reason: ReasonCleared},
		{name: "phone ban is told", bans: map[Subject]Ban{{SubjectPhone, postedPhone}: {Subject: Subject{SubjectPhone, postedPhone}, Created: screenNow.Add(-time.Hour), Until: until}}, spam: judgedHam, errs: []string{"form:banned"}},
		{name: "permanent prefix ban", bans: map[Subject]Ban{postedPrefix: {Subject: postedPrefix, Created: screenNow.Add(-time.Hour)}}, spam: judgedHam, errs: []string{"form:banned_forever"}},
		{name: "expired ban", bans: map[Subject]Ban{postedPrefix: {Subject: postedPrefix, Created: screenNow.Add(-8 * 24 * time.Hour), Until: screenNow.Add(-time.Hour)}}, spam: judgedHam, approve: true, status: Approved, reason: ReasonCleared},
		{name: "shadow ban beats trust", trusted: true, bans: map[Subject]Ban{{SubjectPhone, postedPhone}: {Subject: Subject{SubjectPhone, postedPhone}, Shadow: true, Created: screenNow.Add(-time.Hour)}}, spam: judgedHam, approve: true, status: Spam, reason: ReasonBanned},
		{name: "shadow ban of the device", bans: map[Subject]Ban{{SubjectDevice, "dev-42"}: {Subject: Subject{SubjectDevice, "dev-42"}, Shadow: true, Created: screenNow.Add(-time.Hour)}}, spam: judgedHam, status: Spam, reason: ReasonBanned},
		{name: "field errors first", bans: map[Subject]Ban{postedPrefix: {Subject: postedPrefix, Created: screenNow.Add(-time.Hour)}}, spam: judgedHam, change: func(v url.Values) { v.Set(FormName, "") }, errs: []string{"name:required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, token := screener(t, tt.spam)
			s.ApproveCleared = tt.approve
			bans := &fakeBans{bans: tt.bans}
			trust := &fakeTrust{trusted: map[string]bool{postedPhone: tt.trusted}}
			s.Bans, s.Trust, s.Words = bans, trust, words
			if tt.abuse != nil {
				s.Abuse = *tt.abuse
			}
			sub := posted(token, func(v url.Values) {
				if tt.content != "" {
					v.Set(FormContent, tt.content)
				}
				if tt.change != nil {
					tt.change(v)
				}
			})
			sub.Device = "dev-42"
			c, errs, err := s.Screen(context.Background(), sub, "a1", screenNow)
			require.NoError(t, err)
			if tt.errs != nil {
				assert.Equal(t, tt.errs, errs.Codes())
				assert.Zero(t, c)
				return
			}
			require.Empty(t, errs)
			assert.Equal(t, tt.status, c.Status)
			assert.Equal(t, tt.reason, c.Reason)
		})
	}
}

func TestScreenBanSubjects(t *testing.T) {
	s, _, token := screener(t, judgedHam)
	bans := &fakeBans{}
	s.Bans = bans
	sub := posted(token, nil)
	sub.IP = "::ffff:203.0.113.7"
	sub.Device = "dev-42"
	_, errs, err := s.Screen(context.Background(), sub, "a1", screenNow)
	require.NoError(t, err)
	require.Empty(t, errs)
	assert.Equal(t, []Subject{
		{SubjectPhone, postedPhone}, {SubjectIP, "203.0.113.7"}, {SubjectIP, "203.0.113.0/24"}, {SubjectDevice, "dev-42"},
	}, bans.asked)
}

func TestScreenModerationOutages(t *testing.T) {
	down := errors.New("store down")
	t.Run("bans", func(t *testing.T) {
		s, _, token := screener(t, judgedHam)
		s.Bans = &fakeBans{err: down}
		c, errs, err := s.Screen(context.Background(), posted(token, nil), "a1", screenNow)
		assert.ErrorIs(t, err, down)
		assert.Zero(t, c)
		assert.Empty(t, errs)
	})
	t.Run("trust", func(t *testing.T) {
		s, _, token := screener(t, judgedHam)
		s.Trust = &fakeTrust{err: down}
		c, errs, err := s.Screen(context.Background(), posted(token, nil), "a1", screenNow)
		assert.ErrorIs(t, err, down)
		assert.Zero(t, c)
		assert.Empty(t, errs)
	})
	t.Run("trust not asked when held anyway", func(t *testing.T) {
		s, _, token := screener(t, judgedHam)
		trust := &fakeTrust{err: down}
		s.Trust = trust
		s.Words, _ = wordlist.New(wordlist.Default())
		sub := posted(token, func(v url.Values) { v.Set(FormContent, "Bài này viết như cái lồn, ai duyệt vậy") })
		c, _, err := s.Screen(context.Background(), sub, "a1", screenNow)
		require.NoError(t, err)
		assert.Equal(t, ReasonWordList, c.Reason)
		assert.Zero(t, trust.calls)
	})
}

func TestModerationMessages(t *testing.T) {
	m := NewMessages()
	vi, en := m.Match("vi"), m.Match("en")
	for _, r := range []Reason{ReasonReported, ReasonTakedown, ReasonBanned, ReasonTrusted, ReasonWordList, ReasonSuspectWord, ReasonAbuse} {
		assert.NotEqual(t, string(r), m.Reason(vi, r), r)
		assert.NotEqual(t, m.Reason(vi, r), m.Reason(en, r), r)
	}
	for _, r := range ReportReasons {
		assert.NotEqual(t, string(r), m.Text(vi, "report."+string(r)), r)
		assert.NotEqual(t, m.Text(vi, "report."+string(r)), m.Text(en, "report."+string(r)), r)
	}
	for _, src := range []TakedownSource{FromAuthority, FromComplaint, FromModerator} {
		assert.NotEqual(t, string(src), m.Text(vi, "takedown."+string(src)), src)
	}
	for _, a := range []Action{ActionDecide, ActionReport, ActionRequeue, ActionTakedownRequest, ActionTakedown, ActionBan, ActionUnban} {
		assert.NotEqual(t, string(a), m.Text(vi, "action."+string(a)), a)
	}
	for _, st := range []Status{Pending, Approved, Spam, Trash} {
		assert.NotEqual(t, st.String(), m.Text(vi, "status."+st.String()), st)
	}
	assert.Equal(t, "Bạn đang bị tạm khóa bình luận đến 06/12/2020 19:48.",
		m.Message(vi, banError(Ban{Created: screenNow, Until: screenNow.Add(7 * 24 * time.Hour)})))
	assert.Equal(t, "unknown_code", m.Text(en, "report.unknown_code"))
	assert.Equal(t, "The comment holds words that are not allowed; please change them.", m.Message(en, FieldError{Field: FormContent, Code: CodeBannedWord}))
}
