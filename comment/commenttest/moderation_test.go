package commenttest_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/commenttest"
)

func TestMemoryModerationStore(t *testing.T) {
	t.Parallel()
	commenttest.TestModerationStore(t, func(t *testing.T) comment.ModerationStore { return &commenttest.MemoryStore{} })
}

func TestMemoryModerationStoreShared(t *testing.T) {
	t.Parallel()
	s := &commenttest.MemoryStore{}
	commenttest.TestSharedModerationStores(t, s, s, s)
	commenttest.TestSharedModerationStores(t, s) // twice on one store: each run's readers and subjects are new
}

// The broken moderation stores the suite must catch: each wraps a sound
// MemoryStore and gets one part of the contract wrong.
var brokenModeration = map[string]func() comment.ModerationStore{
	"sound":                         func() comment.ModerationStore { return &commenttest.MemoryStore{} },
	"Decide leaves no audit entry":  func() comment.ModerationStore { return noDecideAudit{&commenttest.MemoryStore{}} },
	"duplicate reports count":       func() comment.ModerationStore { return countDuplicates{&commenttest.MemoryStore{}} },
	"CompleteTakedown twice":        func() comment.ModerationStore { return takedownTwice{&commenttest.MemoryStore{}} },
	"AddBan mends a bad ladder":     func() comment.ModerationStore { return mendLadder{&commenttest.MemoryStore{}} },
	"Audit ignores After":           func() comment.ModerationStore { return auditFirstPage{&commenttest.MemoryStore{}} },
	"a refused report is logged":    func() comment.ModerationStore { return logRefused{&commenttest.MemoryStore{}} },
	"ActiveBans forgets permanence": func() comment.ModerationStore { return newestBanFirst{&commenttest.MemoryStore{}} },
}

// noDecideAudit drops the entries of decisions from the audit log, as a
// store that changes the status without logging it would.
type noDecideAudit struct{ *commenttest.MemoryStore }

func (s noDecideAudit) Audit(ctx context.Context, q comment.AuditQuery) (comment.AuditPage, error) {
	p, err := s.MemoryStore.Audit(ctx, q)
	kept := p.Entries[:0]
	for _, e := range p.Entries {
		if e.Action != comment.ActionDecide {
			kept = append(kept, e)
		}
	}
	p.Entries = kept
	return p, err
}

// countDuplicates stores a reader's second report on a comment as if
// another reader made it.
type countDuplicates struct{ *commenttest.MemoryStore }

func (s countDuplicates) AddReport(ctx context.Context, r comment.Report, rule comment.ReportRule) (comment.ReportOutcome, error) {
	out, err := s.MemoryStore.AddReport(ctx, r, rule)
	for i := 0; err == nil && out.Duplicate; i++ {
		r.Reader += "'"
		out, err = s.MemoryStore.AddReport(ctx, r, rule)
	}
	return out, err
}

// takedownTwice lets a request done be done again.
type takedownTwice struct{ *commenttest.MemoryStore }

func (s takedownTwice) CompleteTakedown(ctx context.Context, id, by string, at time.Time) (comment.Takedown, error) {
	t, err := s.MemoryStore.CompleteTakedown(ctx, id, by, at)
	if errors.Is(err, comment.ErrConflict) {
		return s.Takedown(ctx, id)
	}
	return t, err
}

// mendLadder takes the default ladder instead of refusing a bad one.
type mendLadder struct{ *commenttest.MemoryStore }

func (s mendLadder) AddBan(ctx context.Context, b comment.Ban, ladder comment.Ladder) (comment.Ban, error) {
	if ladder.Check() != nil {
		ladder = comment.DefaultLadder
	}
	return s.MemoryStore.AddBan(ctx, b, ladder)
}

// auditFirstPage always gives the first page of the audit log.
type auditFirstPage struct{ *commenttest.MemoryStore }

func (s auditFirstPage) Audit(ctx context.Context, q comment.AuditQuery) (comment.AuditPage, error) {
	q.After = ""
	return s.MemoryStore.Audit(ctx, q)
}

// logRefused logs a report over the limit as a ban of nobody before
// refusing it, as a store writing the entry outside the report's
// transaction would leave one behind.
type logRefused struct{ *commenttest.MemoryStore }

func (s logRefused) AddReport(ctx context.Context, r comment.Report, rule comment.ReportRule) (comment.ReportOutcome, error) {
	out, err := s.MemoryStore.AddReport(ctx, r, rule)
	if err != nil && ctx.Err() == nil {
		s.MemoryStore.AddBan(ctx, comment.Ban{Subject: comment.Subject{Kind: comment.SubjectDevice, Value: "refused"}, Created: r.CreatedAt}, nil)
	}
	return out, err
}

// newestBanFirst orders the bans on a subject by their start only.
type newestBanFirst struct{ *commenttest.MemoryStore }

func (s newestBanFirst) ActiveBans(ctx context.Context, subjects []comment.Subject, at time.Time) ([]comment.Ban, error) {
	bs, err := s.MemoryStore.ActiveBans(ctx, subjects, at)
	for i := 1; i < len(bs); i++ {
		for j := i; j > 0 && bs[j].Created.After(bs[j-1].Created); j-- {
			bs[j], bs[j-1] = bs[j-1], bs[j]
		}
	}
	return bs, err
}

// TestBrokenModerationStoreChild runs the moderation suite against the
// broken store named by the environment, in the child process
// TestBrokenModerationStores starts, as TestBrokenStoreChild does for
// TestStore.
func TestBrokenModerationStoreChild(t *testing.T) {
	name, ok := os.LookupEnv(brokenEnv)
	if !ok {
		t.Skip("run by TestBrokenModerationStores")
	}
	open, ok := brokenModeration[name]
	require.True(t, ok, "no broken moderation store %q", name)
	commenttest.TestModerationStore(t, func(t *testing.T) comment.ModerationStore { return open() })
}

// TestBrokenModerationStores shows that the moderation suite fails a
// store that breaks the contract, in the subtest that checks that part,
// as TestBrokenStores does for TestStore.
func TestBrokenModerationStores(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	for _, tt := range []struct {
		store string
		fails []string // the subtests that must fail; none for the sound store
		pass  []string // subtests the breakage does not touch
	}{
		{"sound", nil, nil},
		{"Decide leaves no audit entry", []string{"Decide", "SetStatusAudited", "AuditPaging"}, []string{"Bans", "Takedowns", "Concurrent"}},
		{"duplicate reports count", []string{"ReportDuplicate", "Concurrent"}, []string{"Reports", "Bans", "Audit"}},
		{"CompleteTakedown twice", []string{"Takedowns", "Concurrent"}, []string{"TakedownDeadlines", "Reports", "BadInput"}},
		{"AddBan mends a bad ladder", []string{"BadInput"}, []string{"Bans", "BanLadder", "Concurrent"}},
		{"Audit ignores After", []string{"AuditPaging", "BadInput"}, []string{"Decide", "Reports", "Bans"}},
		{"a refused report is logged", []string{"Reports", "ReportLimit", "BadInput"}, []string{"Decide", "Bans", "Concurrent"}},
		{"ActiveBans forgets permanence", []string{"Bans"}, []string{"BanLadder", "BanPrefixes", "Audit"}},
	} {
		t.Run(tt.store, func(t *testing.T) { runBroken(t, "TestBrokenModerationStoreChild", tt.store, tt.fails, tt.pass) })
	}
}
