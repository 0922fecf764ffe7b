package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/classify"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/internal/redistest"
)

// modelBytes returns m as its file holds it: every count and weight.
func modelBytes(t *testing.T, m *classify.Classifier) []byte {
	t.Helper()
	var buf bytes.Buffer
	_, err := m.WriteTo(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

// unchanged checks that a failed decision left the model and the comment
// as they were.
func unchanged(t *testing.T, h *harness, model []byte, c comment.Comment, what string) {
	t.Helper()
	assert.Equal(t, model, modelBytes(t, h.s.classifier()), "%s: want the model in memory as it was", what)
	got := h.stored(c.ID)
	assert.Equal(t, c.Status, got.Status, "%s: want the comment's status as it was", what)
	assert.Equal(t, learnedOf(c), learnedOf(got), "%s: want the comment's lesson as it was", what)
}

// TestDecisionWholeOrNothing makes the model's file impossible to save,
// as a full disk would, and then the comment impossible to store: the
// decision is refused, the moderator told, and neither the model (in
// memory or on disk) nor the comment changes.
func TestDecisionWholeOrNothing(t *testing.T) {
	dir := t.TempDir()
	h := newHarness(t, siteConfig{DataDir: dir, Password: testPassword})
	approved := h.comment()
	h.decide(approved.ID, "approve")
	approved = h.stored(approved.ID)
	pending := h.comment()

	// A folder where the model file goes: the rename over it fails.
	require.NoError(t, os.Remove(modelPath(dir)))
	require.NoError(t, os.MkdirAll(filepath.Join(modelPath(dir), "in-the-way"), 0o700))
	model := modelBytes(t, h.s.classifier())
	for i, d := range []struct {
		c      comment.Comment
		action string
	}{
		{pending, "approve"}, {pending, "approve"}, {pending, "approve"}, // the three approvals of a full disk
		{pending, "spam"},
		{approved, "spam"},   // a change of mind: unlearn ham, learn spam
		{approved, "delete"}, // unlearn ham
	} {
		code, body := h.tryDecide(d.c.ID, d.action)
		assert.Equal(t, 500, code, "decision %d (%s)", i, d.action)
		assert.Contains(t, body, "Chưa lưu được quyết định, bình luận vẫn như trước", "decision %d: the moderator is told", i)
		unchanged(t, h, model, d.c, d.action)
	}

	require.NoError(t, os.RemoveAll(modelPath(dir)))
	ham, spam := h.s.classifier().Docs()
	h.decide(pending.ID, "approve")
	ham2, spam2 := h.s.classifier().Docs()
	assert.Equal(t, [2]uint64{ham + 1, spam}, [2]uint64{ham2, spam2}, "want the decision made once the disk is back")
	onDisk, err := os.ReadFile(modelPath(dir))
	require.NoError(t, err)
	assert.Equal(t, modelBytes(t, h.s.classifier()), onDisk, "want the file to hold the model in memory")

	// The model saves but the comment cannot be stored: the file is
	// written back as it was.
	last := h.comment()
	model = modelBytes(t, h.s.classifier())
	h.comments.down.Store(true)
	code, _ := h.tryDecide(last.ID, "spam")
	assert.Equal(t, 500, code)
	unchanged(t, h, model, last, "comment not stored")
	onDisk, err = os.ReadFile(modelPath(dir))
	require.NoError(t, err)
	assert.Equal(t, model, onDisk, "want the model file written back as it was")
}

// TestSharedDecisionUndone has the comment fail to be stored after its
// lesson went into the Redis stream: the lesson is taken back through the
// stream, so the shared model ends as it was.
func TestSharedDecisionUndone(t *testing.T) {
	srv := redistest.Start(t)
	h := newHarness(t, siteConfig{Redis: srv.Client(), Password: testPassword})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.s.follow(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	c := h.comment()
	before := h.s.classifier()
	probes := []classify.Document{docOf(c), classify.Text("Vay tiền nhanh, ib zalo"), classify.Text("Cầu mới đẹp quá, mong sớm thông xe.")}
	var scores []float64
	for _, d := range probes {
		scores = append(scores, before.Score(d).Probability)
	}
	ham, spam := before.Docs()
	h.comments.down.Store(true)
	code, body := h.tryDecide(c.ID, "approve")
	assert.Equal(t, 500, code)
	assert.Contains(t, body, "Chưa lưu được quyết định")
	waitUntil(t, "the lesson and its undoing applied", func() bool { return h.s.shared.Stats().Applied == 2 })
	// Through the stream the lesson is taken back by unlearning it: the
	// counts come back exactly, the fitted weights to rounding.
	after := h.s.classifier()
	ham2, spam2 := after.Docs()
	assert.Equal(t, [2]uint64{ham, spam}, [2]uint64{ham2, spam2}, "want the counts as they were")
	for i, d := range probes {
		assert.InDelta(t, scores[i], after.Score(d).Probability, 1e-9, "want the score of %v as it was", d)
	}
	got := h.stored(c.ID)
	assert.Equal(t, c.Status, got.Status, "want the comment's status as it was")
	assert.Equal(t, learnedOf(c), learnedOf(got), "want the comment's lesson as it was")
}

// waitUntil polls cond for up to 10 seconds.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		require.True(t, time.Now().Before(deadline), "timed out after 10s waiting for %s", what)
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSharedRestart restarts a server that keeps its model in a data
// folder and shares lessons through Redis: it goes on from the last lesson
// its model holds, and learns none twice.
func TestSharedRestart(t *testing.T) {
	srv := redistest.Start(t)
	dir := t.TempDir()
	cfg := siteConfig{DataDir: dir, Redis: srv.Client(), Password: testPassword}
	h := newHarness(t, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { h.s.follow(ctx); close(done) }()
	c := h.comment()
	h.decide(c.ID, "approve")
	waitUntil(t, "the lesson applied", func() bool { return h.s.shared.Stats().Applied == 1 })
	ham, spam := h.s.classifier().Docs()
	cancel()
	<-done
	require.NoError(t, h.s.close(), "close saves the checkpoint")
	info, err := os.Stat(sharedModelPath(dir))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(modelPerm), info.Mode().Perm(), "the model file is private")

	h2 := newHarness(t, cfg)
	ham2, spam2 := h2.s.classifier().Docs()
	assert.Equal(t, [2]uint64{ham, spam}, [2]uint64{ham2, spam2}, "want the saved model back")
	ctx2, cancel2 := context.WithCancel(context.Background())
	done2 := make(chan struct{})
	go func() { h2.s.follow(ctx2); close(done2) }()
	defer func() { cancel2(); <-done2 }()
	// A new lesson after the restart: once it is applied, so would a replay
	// of the old one have been.
	require.NoError(t, h2.s.teach(lesson{learn: true, class: classify.Spam, doc: classify.Text("Vay tiền nhanh, ib zalo")}))
	waitUntil(t, "the new lesson applied", func() bool { _, sp := h2.s.classifier().Docs(); return sp > spam })
	ham3, spam3 := h2.s.classifier().Docs()
	assert.Equal(t, [2]uint64{ham, spam + 1}, [2]uint64{ham3, spam3}, "want the approval before the restart learned once")
	assert.Equal(t, uint64(1), h2.s.shared.Stats().Applied, "want only the lesson after the checkpoint applied")
	assert.Equal(t, comment.Approved, h2.stored(c.ID).Status)
}
