package comment

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/comment/phone"
)

func TestParseSubject(t *testing.T) {
	tests := []struct {
		kind  SubjectKind
		in    string
		want  string
		wrong bool
	}{
		{kind: SubjectPhone, in: "0912 345 678", want: "+84912345678"},
		{kind: SubjectPhone, in: "+84 912-345-678", want: "+84912345678"},
		{kind: SubjectPhone, in: "0123", wrong: true},
		{kind: SubjectPhone, in: strings.Repeat("9", 300), wrong: true},
		{kind: SubjectIP, in: "203.0.113.7", want: "203.0.113.7"},
		{kind: SubjectIP, in: "::ffff:203.0.113.7", want: "203.0.113.7"},
		{kind: SubjectIP, in: "fe80::1%eth0", want: "fe80::1"},
		{kind: SubjectIP, in: "203.0.113.99/24", want: "203.0.113.0/24"},
		{kind: SubjectIP, in: "203.0.113.7/32", want: "203.0.113.7"},
		{kind: SubjectIP, in: "::ffff:203.0.113.7/120", want: "203.0.113.0/24"},
		{kind: SubjectIP, in: "2001:db8:1:2:3:4:5:6/64", want: "2001:db8:1:2::/64"},
		{kind: SubjectIP, in: "2001:db8::1/128", want: "2001:db8::1"},
		{kind: SubjectIP, in: "203.0.113.0/16", wrong: true},
		{kind: SubjectIP, in: "2001:db8::/48", wrong: true},
		{kind: SubjectIP, in: "::ffff:0:0/80", wrong: true},
		{kind: SubjectIP, in: "203.0.113", wrong: true},
		{kind: SubjectIP, in: "300.1.1.1", wrong: true},
		{kind: SubjectIP, in: "", wrong: true},
		{kind: SubjectIP, in: "example.com", wrong: true},
		{kind: SubjectDevice, in: "dev-42_AbC", want: "dev-42_AbC"},
		{kind: SubjectDevice, in: "", wrong: true},
		{kind: SubjectDevice, in: "two words", wrong: true},
		{kind: SubjectDevice, in: "thiết-bị", wrong: true},
		{kind: SubjectDevice, in: strings.Repeat("a", MaxActor+1), wrong: true},
		{kind: "email", in: "a@example.com", wrong: true},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind)+" "+clipped(tt.in), func(t *testing.T) {
			s, err := ParseSubject(tt.kind, tt.in)
			if tt.wrong {
				assert.ErrorIs(t, err, ErrInvalid)
				assert.Zero(t, s)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, Subject{tt.kind, tt.want}, s)
			again, err := ParseSubject(tt.kind, s.Value)
			require.NoError(t, err)
			assert.Equal(t, s, again, "canonical forms parse to themselves")
		})
	}
}

func TestSubjects(t *testing.T) {
	n, err := phone.Parse("0912345678")
	require.NoError(t, err)
	assert.Equal(t, []Subject{
		{SubjectPhone, "+84912345678"},
		{SubjectIP, "2001:db8:1:2:3:4:5:6"}, {SubjectIP, "2001:db8:1:2::/64"},
		{SubjectDevice, "d1"},
	}, Subjects(n, "2001:db8:1:2:3:4:5:6", "d1"))
	assert.Empty(t, Subjects(phone.Number{}, "not an address", "has space"))
	for _, s := range Subjects(n, "203.0.113.7", "d1") {
		p, err := ParseSubject(s.Kind, s.Value)
		require.NoError(t, err)
		assert.Equal(t, s, p, "every subject is canonical")
	}
}

func TestParseCodes(t *testing.T) {
	for _, r := range ReportReasons {
		got, err := ParseReportReason(string(r))
		require.NoError(t, err)
		assert.Equal(t, r, got)
	}
	for _, bad := range []string{"", "Spam", "spam ", "lừa đảo", strings.Repeat("x", 10_000)} {
		_, err := ParseReportReason(bad)
		assert.ErrorIs(t, err, ErrInvalid, bad)
		_, err = ParseTakedownSource(bad)
		assert.ErrorIs(t, err, ErrInvalid, bad)
	}
	_, err := ParseReportReason(strings.Repeat("x", 10_000))
	assert.Less(t, len(err.Error()), 120, "a long code is clipped in the message")
}

func TestTakedownCheck(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ok := Takedown{CommentID: "C1", Source: FromAuthority, Requester: "Sở TT&TT Hà Nội, CV 123/STTTT", Received: now.Add(-time.Hour)}
	tests := []struct {
		name   string
		change func(t *Takedown)
		wrong  string
	}{
		{name: "authority", change: func(*Takedown) {}},
		{name: "complaint", change: func(t *Takedown) { t.Source = FromComplaint; t.Received = now.Add(-30 * time.Hour) }},
		{name: "earlier deadline", change: func(t *Takedown) { t.Deadline = now.Add(time.Hour) }},
		{name: "late but done", change: func(t *Takedown) { t.Received = now.Add(-30 * time.Hour); t.DoneAt = now }},
		{name: "moderator done", change: func(t *Takedown) { t.Source = FromModerator; t.Received = now; t.DoneAt = now }},
		{name: "unknown source", change: func(t *Takedown) { t.Source = "police" }, wrong: "unknown takedown source"},
		{name: "no comment", change: func(t *Takedown) { t.CommentID = "" }, wrong: "names no comment"},
		{name: "nobody asked", change: func(t *Takedown) { t.Requester = "" }, wrong: "nobody asked"},
		{name: "no receipt", change: func(t *Takedown) { t.Received = time.Time{} }, wrong: "no time of receipt"},
		{name: "future receipt", change: func(t *Takedown) { t.Received = now.Add(time.Minute) }, wrong: "in the future"},
		{name: "deadline beyond window", change: func(t *Takedown) { t.Deadline = t.Received.Add(25 * time.Hour) }, wrong: "outside"},
		{name: "deadline before receipt", change: func(t *Takedown) { t.Deadline = t.Received.Add(-time.Second) }, wrong: "outside"},
		{name: "deadline passed", change: func(t *Takedown) { t.Received = now.Add(-25 * time.Hour) }, wrong: "has passed"},
		{name: "moderator open", change: func(t *Takedown) { t.Source = FromModerator; t.Received = now }, wrong: "done when recorded"},
		{name: "done before receipt", change: func(t *Takedown) { t.DoneAt = t.Received.Add(-time.Second) }, wrong: "before it was received"},
		{name: "huge note", change: func(t *Takedown) { t.Note = strings.Repeat("x", 10_000) }, wrong: "more than"},
		{name: "bad UTF-8", change: func(t *Takedown) { t.Requester = "\xff" }, wrong: "not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			td := ok
			tt.change(&td)
			err := td.Check(now)
			if tt.wrong == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, ErrInvalid)
			assert.ErrorContains(t, err, tt.wrong)
		})
	}
	n := ok.Normalize()
	assert.Equal(t, ok.Received.Add(24*time.Hour), n.Deadline)
	assert.Equal(t, 23*time.Hour, n.Left(now))
	n.DoneAt = now
	assert.Zero(t, n.Left(now))
}

func TestBanLadder(t *testing.T) {
	from := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	assert.Equal(t, from.Add(7*24*time.Hour), DefaultLadder.Until(1, from))
	assert.Equal(t, from.Add(30*24*time.Hour), DefaultLadder.Until(2, from))
	assert.Equal(t, from.Add(30*24*time.Hour), DefaultLadder.Until(3, from))
	assert.True(t, DefaultLadder.Until(4, from).IsZero(), "after three locks, the fourth is permanent")
	assert.True(t, Ladder{}.Until(1, from).IsZero())
	assert.ErrorIs(t, Ladder{time.Hour, 0}.Check(), ErrInvalid)

	b := Ban{Subject: Subject{SubjectIP, "203.0.113.0/24"}, Created: from, Until: from.Add(time.Hour)}
	require.NoError(t, b.Check())
	assert.False(t, b.Active(from.Add(-time.Second)))
	assert.True(t, b.Active(from))
	assert.False(t, b.Active(from.Add(time.Hour)))
	b.Lifted = from.Add(time.Minute)
	assert.True(t, b.Active(from.Add(time.Second)))
	assert.False(t, b.Active(from.Add(2*time.Minute)))

	for name, bad := range map[string]Ban{
		"not canonical": {Subject: Subject{SubjectIP, "203.0.113.9/24"}, Created: from},
		"no start":      {Subject: Subject{SubjectIP, "203.0.113.9"}},
		"ends first":    {Subject: Subject{SubjectIP, "203.0.113.9"}, Created: from, Until: from},
		"bad kind":      {Subject: Subject{"cookie", "x"}, Created: from},
	} {
		assert.ErrorIs(t, bad.Check(), ErrInvalid, name)
	}
}

func TestReportCheck(t *testing.T) {
	now := time.Now()
	ok := Report{CommentID: "C1", Reader: "r1-X", Reason: ReportOffensive, CreatedAt: now}
	require.NoError(t, ok.Check())
	for name, change := range map[string]func(r *Report){
		"no comment":   func(r *Report) { r.CommentID = "" },
		"no reader":    func(r *Report) { r.Reader = "" },
		"bad reason":   func(r *Report) { r.Reason = "rude" },
		"no time":      func(r *Report) { r.CreatedAt = time.Time{} },
		"10 KB note":   func(r *Report) { r.Note = strings.Repeat("ư", 5000) },
		"NUL in note":  func(r *Report) { r.Note = "a\x00b" },
		"long reader":  func(r *Report) { r.Reader = strings.Repeat("r", MaxActor+1) },
		"bad UTF-8 id": func(r *Report) { r.CommentID = "\xc3" },
	} {
		r := ok
		change(&r)
		assert.ErrorIs(t, r.Check(), ErrInvalid, name)
	}
	d := Decision{CommentID: "C1", From: Pending, To: Approved, Reason: ReasonModerator, Actor: strings.Repeat("a", MaxActor+1)}
	assert.ErrorIs(t, d.Check(), ErrInvalid)
	d.Actor, d.To = "lan", Status(9)
	assert.ErrorIs(t, d.Check(), ErrUnstorable)
}

func TestReaderKeys(t *testing.T) {
	_, err := NewReaderKeys([]byte("short"))
	assert.Error(t, err)
	secret := []byte("0123456789abcdef0123456789abcdef")
	k, err := NewReaderKeys(secret)
	require.NoError(t, err)
	// 23:30 on 1 March in Vietnam is 16:30 UTC; 00:30 on 2 March is 17:30.
	late := time.Date(2026, 3, 1, 16, 30, 0, 0, time.UTC)
	a := k.Key("203.0.113.7", "Mozilla/5.0", late)
	assert.Len(t, a, 29)
	assert.True(t, strings.HasPrefix(a, "r1-"))
	assert.Equal(t, a, k.Key("203.0.113.7", "Mozilla/5.0", late.Add(29*time.Minute)), "same day in Vietnam")
	assert.NotEqual(t, a, k.Key("203.0.113.7", "Mozilla/5.0", late.Add(time.Hour)), "a new day in Vietnam, a new salt")
	assert.NotEqual(t, a, k.Key("203.0.113.8", "Mozilla/5.0", late))
	assert.NotEqual(t, a, k.Key("203.0.113.7", "Mozilla/5.1", late))
	assert.NotEqual(t, k.Key("203.0.113.7", "x", late), k.Key("203.0.113.7x", "", late), "fields are separated")
	other, _ := NewReaderKeys([]byte("fedcba9876543210fedcba9876543210"))
	assert.NotEqual(t, a, other.Key("203.0.113.7", "Mozilla/5.0", late))
	secret[0] = 'X'
	assert.Equal(t, a, k.Key("203.0.113.7", "Mozilla/5.0", late), "the secret is copied")
}

func FuzzParseSubject(f *testing.F) {
	for _, s := range []string{"203.0.113.7", "203.0.113.0/24", "2001:db8::/64", "::ffff:1.2.3.4/120", "0912345678", "+84 912 345 678", "dev-1", "1.2.3.4/33", "%", "::/0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, kind := range []SubjectKind{SubjectPhone, SubjectIP, SubjectDevice} {
			s, err := ParseSubject(kind, in)
			if err != nil {
				if !errors.Is(err, ErrInvalid) {
					t.Fatalf("%s %q: %v does not wrap ErrInvalid", kind, in, err)
				}
				if !utf8.ValidString(err.Error()) && utf8.ValidString(in) {
					t.Fatalf("the message of %q is not UTF-8", in)
				}
				continue
			}
			again, err := ParseSubject(kind, s.Value)
			if err != nil || again != s {
				t.Fatalf("%s %q → %q does not parse to itself: %v %v", kind, in, s.Value, again, err)
			}
			if kind == SubjectIP && strings.Contains(s.Value, "/") {
				p := netip.MustParsePrefix(s.Value)
				if p.Bits() != 24 && p.Bits() != 64 || p != p.Masked() {
					t.Fatalf("%q → prefix %v", in, p)
				}
			}
		}
	})
}

func FuzzParseReportReason(f *testing.F) {
	for _, r := range ReportReasons {
		f.Add(string(r))
	}
	f.Add("authority")
	f.Fuzz(func(t *testing.T, in string) {
		r, err := ParseReportReason(in)
		if err == nil && string(r) != in {
			t.Fatalf("%q parsed as %q", in, r)
		}
		if err != nil && !errors.Is(err, ErrInvalid) {
			t.Fatal(err)
		}
		s, err := ParseTakedownSource(in)
		if err == nil && (string(s) != in || s.Window() == 0 && s != FromModerator) {
			t.Fatalf("%q parsed as source %q", in, s)
		}
	})
}
