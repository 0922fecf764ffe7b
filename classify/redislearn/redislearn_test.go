package redislearn_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/binhluan/binhluan/internal/redistest"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/classify"
	"github.com/binhluan/binhluan/classify/redislearn"
)

// running starts Run in a goroutine and, at cleanup, cancels it and checks
// that it returned context.Canceled.
func running(t *testing.T, s *redislearn.Sync) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			assert.ErrorIs(t, err, context.Canceled, "want Run to end with the context's error")
		case <-time.After(5 * time.Second):
			t.Error("Run did not return within 5s of cancel")
		}
	})
}

// corpus returns n labelled comments, half spam, half ham, all different.
func corpus(n int) []classify.Example {
	spam := []string{
		"Vay tiền nhanh 500k không cần thế chấp, gọi 0912.345.678",
		"KIẾM TIỀN ONLINE tại nhà!!! xem http://kiemtien.example.vn",
		"Bán hàng giá rẻ, inbox zalo 0988 777 666 để nhận ưu đãi",
	}
	ham := []string{
		"Bài viết rất hay, cảm ơn tác giả đã phân tích kỹ",
		"Tôi nghĩ đội tuyển cần thêm thời gian tập luyện",
		"Thông tin hữu ích cho người đi làm như tôi",
	}
	out := make([]classify.Example, n)
	for i := range out {
		if i%2 == 0 {
			out[i] = classify.Example{Class: classify.Spam, Doc: classify.Document{
				Name: fmt.Sprintf("shop%d", i), Content: fmt.Sprintf("%s mã %d", spam[i%len(spam)], i)}}
		} else {
			out[i] = classify.Example{Class: classify.Ham, Doc: classify.Document{
				Name: fmt.Sprintf("bạn đọc %d", i), Title: "Góp ý", Content: fmt.Sprintf("%s (%d)", ham[i%len(ham)], i)}}
		}
	}
	return out
}

var probe = classify.Document{Content: "Vay tiền online nhanh, gọi 0912 345 678 ngay, bài viết hay"}

func docs(s *redislearn.Sync) uint64 {
	h, sp := s.Model().Docs()
	return h + sp
}

// waitFor polls cond every millisecond for up to 10s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after 10s waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func learnAll(t *testing.T, s *redislearn.Sync, ex []classify.Example) {
	t.Helper()
	for _, e := range ex {
		require.NoError(t, s.Learn(context.Background(), e.Class, e.Doc), "want Learn to append")
	}
}

func TestConvergence(t *testing.T) {
	srv := redistest.Start(t)
	a := redislearn.New(srv.Client(), new(classify.Classifier), nil)
	b := redislearn.New(srv.Client(), new(classify.Classifier), nil)
	running(t, a)
	running(t, b)

	const n = 200
	ex := corpus(n)
	first := time.Now()
	learnAll(t, a, ex)
	last := time.Now()
	waitFor(t, "B to apply all events", func() bool { return docs(b) == n })
	took := time.Since(last)
	t.Logf("converged after %d events in %.2f ms (after the last Learn returned; the %d Learn calls took %.2f ms)",
		n, float64(took.Microseconds())/1000, n, float64(last.Sub(first).Microseconds())/1000)
	waitFor(t, "A to apply all events", func() bool { return docs(a) == n })

	// A local model taught the same lessons in the same order: the
	// weights depend on the order, so a batch would not do.
	want := new(classify.Classifier)
	for _, e := range ex {
		require.NoError(t, want.Learn(e.Class, e.Doc))
	}
	wh, ws := want.Docs()
	for name, s := range map[string]*redislearn.Sync{"A": a, "B": b} {
		h, sp := s.Model().Docs()
		assert.Equal(t, [2]uint64{wh, ws}, [2]uint64{h, sp}, "%s: want the docs of a local model taught the same", name)
		assert.Equal(t, want.Score(probe), s.Model().Score(probe), "%s: want the probe scored like a local model taught the same", name)
		assert.Equal(t, want.Features(), s.Model().Features(), "%s: want the same features", name)
		st := s.Stats()
		assert.Equal(t, uint64(n), st.Applied, "%s: want every event applied", name)
		assert.Zero(t, st.Skipped, "%s: want nothing skipped", name)
	}
	assert.Equal(t, a.Model().Score(probe), b.Model().Score(probe), "want B to score the probe as A does")
	assert.Equal(t, a.Stats().LastID, b.Stats().LastID, "want both at the same stream id")

	// An unlearn propagates; a second unlearn of the same lesson is refused
	// and counted, not fatal.
	ctx := context.Background()
	require.NoError(t, a.Unlearn(ctx, ex[0].Class, ex[0].Doc))
	waitFor(t, "B to apply the unlearn", func() bool { return docs(b) == n-1 })
	require.NoError(t, want.Unlearn(ex[0].Class, ex[0].Doc))
	assert.Equal(t, want.Score(probe), b.Model().Score(probe), "want B to score as a model that unlearned the same")
	require.NoError(t, b.Unlearn(ctx, classify.Ham, classify.Text("never learned this")))
	waitFor(t, "A to refuse the bad unlearn", func() bool { return a.Stats().NotLearned == 1 })
	waitFor(t, "A to apply the unlearn", func() bool { return docs(a) == n-1 })
	assert.Equal(t, b.Model().Score(probe), a.Model().Score(probe), "want A to score as B after the unlearn")
}

func TestSnapshotLateInstance(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	opts := &redislearn.Options{Stream: "t:learn", Snapshot: "t:model"}
	a := redislearn.New(srv.Client(), new(classify.Classifier), opts)
	running(t, a)

	c0 := redislearn.New(srv.Client(), nil, opts)
	ok, err := c0.LoadSnapshot(ctx)
	require.NoError(t, err)
	assert.False(t, ok, "want no snapshot before any was saved")

	ex := corpus(200)
	learnAll(t, a, ex[:100])
	waitFor(t, "A to apply 100 events", func() bool { return docs(a) == 100 })
	saved, err := a.SaveSnapshot(ctx)
	require.NoError(t, err)
	require.True(t, saved, "want the first snapshot written")
	learnAll(t, a, ex[100:])

	c := redislearn.New(srv.Client(), new(classify.Classifier), opts)
	ok, err = c.LoadSnapshot(ctx)
	require.NoError(t, err)
	require.True(t, ok, "want the snapshot A saved")
	assert.Equal(t, uint64(100), docs(c), "want the snapshot's 100 documents before Run")
	running(t, c)
	waitFor(t, "C to catch up", func() bool { return docs(c) == 200 })
	waitFor(t, "A to apply 200 events", func() bool { return docs(a) == 200 })
	assert.Equal(t, uint64(100), c.Stats().Applied, "want C to apply only the 100 events after the snapshot")
	assert.Equal(t, a.Model().Score(probe), c.Model().Score(probe), "want C to score the probe as A does")
	assert.Equal(t, a.Model().Features(), c.Model().Features(), "want C to know A's features")
}

func TestMalformedEvents(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	rc := srv.Client()
	b := redislearn.New(srv.Client(), new(classify.Classifier), nil)
	bad := []struct {
		name   string
		values []any
	}{
		{"only op", []any{"op", "learn"}},
		{"no content", []any{"op", "learn", "class", "spam", "name", "", "title", ""}},
		{"unknown op", []any{"op", "forget", "class", "spam", "name", "", "title", "", "content", "x"}},
		{"unknown class", []any{"op", "learn", "class", "eggs", "name", "", "title", "", "content", "x"}},
		{"other fields", []any{"foo", "bar"}},
	}
	for _, c := range bad {
		require.NoError(t, rc.XAdd(ctx, &redis.XAddArgs{Stream: redislearn.DefaultStream, Values: c.values}).Err(), c.name)
	}
	require.NoError(t, b.Learn(ctx, classify.Spam, classify.Text("vay tiền nhanh")))
	running(t, b)
	waitFor(t, "B to read all events", func() bool { st := b.Stats(); return st.Applied+st.Skipped == uint64(len(bad))+1 })
	st := b.Stats()
	assert.Equal(t, uint64(1), st.Applied, "want the good event applied")
	assert.Equal(t, uint64(len(bad)), st.Skipped, "want every malformed event skipped")
	assert.Equal(t, uint64(1), docs(b))
}

func TestRunCancel(t *testing.T) {
	srv := redistest.Start(t)
	b := redislearn.New(srv.Client(), nil, nil) // default Block: 1s
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	time.Sleep(200 * time.Millisecond) // let Run block in XREAD
	start := time.Now()
	cancel()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
		t.Logf("Run returned %v after cancel", time.Since(start).Round(time.Millisecond))
	case <-time.After(3 * time.Second):
		t.Fatal("Run did not return within 3s of cancel (Block is 1s)")
	}
}

func TestRedisRestart(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	var logs lockedBuffer
	a := redislearn.New(srv.Client(), nil, nil)
	// B's client does not retry, so Run itself sees the errors and backs off.
	bc := redis.NewClient(&redis.Options{Addr: srv.Addr(), MaxRetries: -1})
	t.Cleanup(func() { _ = bc.Close() })
	b := redislearn.New(bc, nil, &redislearn.Options{
		Block:  200 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	running(t, b)
	require.NoError(t, a.Learn(ctx, classify.Spam, classify.Text("vay tiền nhanh 0912345678")))
	waitFor(t, "B to apply the first event", func() bool { return docs(b) == 1 })

	srv.Stop()
	time.Sleep(500 * time.Millisecond) // B's reads fail meanwhile
	srv.Start()                        // same port, empty data: no persistence

	// The restarted server has an empty stream; new ids are time-based and
	// so later than B's last id.
	waitFor(t, "A to append after the restart", func() bool {
		return a.Learn(ctx, classify.Ham, classify.Text("bài viết hay")) == nil
	})
	waitFor(t, "B to apply events after the restart", func() bool { return docs(b) >= 2 })
	h, sp := b.Model().Docs()
	assert.Equal(t, uint64(1), sp)
	assert.GreaterOrEqual(t, h, uint64(1))
	assert.Contains(t, logs.String(), "retrying", "want Run to have logged the failed reads")
}

// lockedBuffer is a bytes.Buffer safe for the logger and the test at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// followed starts a Redis with an instance following its stream, and
// returns a client, the instance's options and the instance.
func followed(t *testing.T) (*redis.Client, *redislearn.Options, *redislearn.Sync) {
	srv := redistest.Start(t)
	rc := srv.Client()
	opts := &redislearn.Options{Stream: "t:learn", Snapshot: "t:model", Block: 50 * time.Millisecond}
	a := redislearn.New(rc, nil, opts)
	running(t, a)
	return rc, opts, a
}

// event appends a learn event under an id of the test's choosing.
func event(t *testing.T, rc *redis.Client, stream, id string, class classify.Class, content string) {
	t.Helper()
	require.NoError(t, rc.XAdd(context.Background(), &redis.XAddArgs{Stream: stream, ID: id, Values: []any{
		"op", "learn", "class", class.String(), "name", "", "title", "", "content", content,
	}}).Err(), "XADD %s", id)
}

// snapshotID returns the id stored with the snapshot.
func snapshotID(t *testing.T, rc *redis.Client, key string) string {
	t.Helper()
	id, err := rc.HGet(context.Background(), key, "id").Result()
	require.NoError(t, err)
	return id
}

// checkpoint returns the checkpoint of s once it has applied n events.
func checkpoint(t *testing.T, s *redislearn.Sync, n uint64) []byte {
	t.Helper()
	waitFor(t, fmt.Sprintf("%d events applied", n), func() bool { return s.Stats().Applied == n })
	var buf bytes.Buffer
	_, err := s.WriteCheckpoint(&buf)
	require.NoError(t, err)
	return buf.Bytes()
}

// TestSnapshotNeverGoesBack has an instance that lags behind try to save
// its older model over a newer snapshot: the write is refused, including
// where comparing the ids as strings would call the older one newer
// ("9-0" after "10-0", "10-2" after "10-10").
func TestSnapshotNeverGoesBack(t *testing.T) {
	rc, opts, a := followed(t)
	ctx := context.Background()

	event(t, rc, opts.Stream, "5-0", classify.Spam, "vay tiền nhanh")
	event(t, rc, opts.Stream, "9-0", classify.Ham, "bài viết hay")
	at9 := checkpoint(t, a, 2)
	event(t, rc, opts.Stream, "10-2", classify.Spam, "kiếm tiền online")
	at10s2 := checkpoint(t, a, 3)
	event(t, rc, opts.Stream, "10-10", classify.Ham, "cảm ơn tác giả")
	checkpoint(t, a, 4)
	saved, err := a.SaveSnapshot(ctx)
	require.NoError(t, err)
	require.True(t, saved, "want the snapshot of the newest instance written")
	require.Equal(t, "10-10", snapshotID(t, rc, opts.Snapshot))
	saved, err = a.SaveSnapshot(ctx)
	require.NoError(t, err)
	assert.False(t, saved, "want nothing written for a snapshot at the same event")

	for _, lag := range []struct {
		name string
		data []byte
		id   string
	}{{"an older ms", at9, "9-0"}, {"an older seq", at10s2, "10-2"}} {
		t.Run(lag.name, func(t *testing.T) {
			b := redislearn.New(rc, nil, opts)
			ok, err := b.ReadCheckpoint(bytes.NewReader(lag.data))
			require.NoError(t, err)
			require.True(t, ok, "want a fresh instance to take the checkpoint")
			require.Equal(t, lag.id, b.Stats().LastID)
			saved, err := b.SaveSnapshot(ctx)
			require.NoError(t, err)
			assert.False(t, saved, "want the lagging instance's snapshot refused")
			assert.Equal(t, "10-10", snapshotID(t, rc, opts.Snapshot), "want the newer snapshot kept")

			// Loading the newer snapshot brings the lagging instance up to it.
			ok, err = b.LoadSnapshot(ctx)
			require.NoError(t, err)
			assert.True(t, ok, "want the newer snapshot loaded over the older checkpoint")
			assert.Equal(t, "10-10", b.Stats().LastID)
			assert.Equal(t, uint64(4), docs(b))
		})
	}

	// A newer instance replaces the snapshot.
	event(t, rc, opts.Stream, "11-0", classify.Spam, "inbox zalo nhận quà")
	checkpoint(t, a, 5)
	saved, err = a.SaveSnapshot(ctx)
	require.NoError(t, err)
	assert.True(t, saved, "want a later snapshot written")
	assert.Equal(t, "11-0", snapshotID(t, rc, opts.Snapshot))

	t.Run("unreadable id is replaced", func(t *testing.T) {
		require.NoError(t, rc.HSet(ctx, "t:broken", "id", "not-an-id", "model", "x").Err())
		o := *opts
		o.Snapshot = "t:broken"
		c := redislearn.New(rc, nil, &o)
		_, err := c.ReadCheckpoint(bytes.NewReader(at9))
		require.NoError(t, err)
		saved, err := c.SaveSnapshot(ctx)
		require.NoError(t, err)
		assert.True(t, saved, "want a snapshot no one can load replaced")
		assert.Equal(t, "9-0", snapshotID(t, rc, "t:broken"))
	})
}

// TestCheckpoint restarts an instance from its checkpoint: it goes on
// after the checkpoint's event, so no lesson is learned twice, and a
// Redis snapshot replaces the checkpoint only when it is newer.
func TestCheckpoint(t *testing.T) {
	rc, opts, a := followed(t)
	ctx := context.Background()
	ex := corpus(30)
	learnAll(t, a, ex[:20])
	saved := checkpoint(t, a, 20)
	learnAll(t, a, ex[20:])
	checkpoint(t, a, 30)

	b := redislearn.New(rc, nil, opts)
	ok, err := b.ReadCheckpoint(bytes.NewReader(saved))
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, uint64(20), docs(b), "want the checkpoint's 20 documents")
	ok, err = b.LoadSnapshot(ctx)
	require.NoError(t, err)
	assert.False(t, ok, "no snapshot in Redis")
	running(t, b)
	waitFor(t, "B to catch up", func() bool { return docs(b) == 30 })
	time.Sleep(3 * opts.Block) // a replay of the whole stream would show now
	assert.Equal(t, uint64(30), docs(b), "want each lesson learned once")
	assert.Equal(t, uint64(10), b.Stats().Applied, "want only the 10 events after the checkpoint applied")
	assert.Equal(t, a.Model().Score(probe), b.Model().Score(probe), "want B to score as A")

	// A checkpoint newer than the snapshot is kept.
	_, err = a.SaveSnapshot(ctx)
	require.NoError(t, err)
	learnAll(t, a, corpus(32)[30:])
	newer := checkpoint(t, a, 32)
	c := redislearn.New(rc, nil, opts)
	ok, err = c.ReadCheckpoint(bytes.NewReader(newer))
	require.NoError(t, err)
	require.True(t, ok)
	ok, err = c.LoadSnapshot(ctx)
	require.NoError(t, err)
	assert.False(t, ok, "want the older snapshot not loaded over a newer checkpoint")
	assert.Equal(t, uint64(32), docs(c))
	ok, err = c.ReadCheckpoint(bytes.NewReader(saved))
	require.NoError(t, err)
	assert.False(t, ok, "want an older checkpoint not loaded over a newer position")
	assert.Equal(t, uint64(32), docs(c))

	t.Run("damaged", func(t *testing.T) {
		changed := bytes.Clone(saved)
		changed[6] ^= 1 // the id's first digit: magic, version, length, then the id
		for name, data := range map[string][]byte{
			"empty":      nil,
			"other file": []byte("BLNB\x02"),
			"id changed": changed,
			"cut short":  saved[:len(saved)-1],
			"header":     saved[:10],
		} {
			d := redislearn.New(rc, nil, opts)
			ok, err := d.ReadCheckpoint(bytes.NewReader(data))
			assert.Error(t, err, name)
			assert.False(t, ok, name)
			assert.Empty(t, d.Stats().LastID, "%s: want nothing changed", name)
		}
	})
}

// TestNoClient checks that a Sync without a client refuses every call with
// ErrNoClient instead of panicking; it needs no Redis.
func TestNoClient(t *testing.T) {
	ctx := context.Background()
	for name, s := range map[string]*redislearn.Sync{"zero": {}, "nil client": redislearn.New(nil, nil, nil)} {
		assert.ErrorIs(t, s.Learn(ctx, classify.Spam, probe), redislearn.ErrNoClient, "%s: Learn", name)
		assert.ErrorIs(t, s.Unlearn(ctx, classify.Spam, probe), redislearn.ErrNoClient, "%s: Unlearn", name)
		assert.ErrorIs(t, s.Run(ctx), redislearn.ErrNoClient, "%s: Run", name)
		_, err := s.SaveSnapshot(ctx)
		assert.ErrorIs(t, err, redislearn.ErrNoClient, "%s: SaveSnapshot", name)
		_, err = s.LoadSnapshot(ctx)
		assert.ErrorIs(t, err, redislearn.ErrNoClient, "%s: LoadSnapshot", name)
		_, err = s.WriteCheckpoint(io.Discard)
		assert.ErrorIs(t, err, redislearn.ErrNoClient, "%s: WriteCheckpoint", name)
		_, err = s.ReadCheckpoint(strings.NewReader(""))
		assert.ErrorIs(t, err, redislearn.ErrNoClient, "%s: ReadCheckpoint", name)
		assert.NotPanics(t, func() { s.Stats() }, "%s: Stats", name)
	}
}

// A spam model and an abuse model share one Redis, each through its own
// keys, and neither takes the other's snapshot.
func TestTwoKinds(t *testing.T) {
	srv := redistest.Start(t)
	ctx := context.Background()
	abuseModel := func() *classify.Classifier {
		m, err := classify.New(&classify.Config{Kind: classify.KindAbuse})
		require.NoError(t, err)
		return m
	}
	spamA := redislearn.New(srv.Client(), nil, nil)
	abuseA := redislearn.New(srv.Client(), abuseModel(), nil)
	abuseB := redislearn.New(srv.Client(), abuseModel(), nil)
	running(t, spamA)
	running(t, abuseA)
	running(t, abuseB)
	lessons := []classify.Example{
		{Class: classify.Spam, Doc: classify.Text("thằng óc chó câm mồm")},
		{Class: classify.Ham, Doc: classify.Text("con chó nhà tôi rất khôn")},
	}
	learnAll(t, abuseA, lessons)
	// Learn only appends to the stream; each model learns when its own
	// Run reads the lesson back, so the snapshot below waits for abuseA too.
	waitFor(t, "both abuse models to learn", func() bool { return docs(abuseA) == 2 && docs(abuseB) == 2 })
	assert.Zero(t, docs(spamA), "the spam model reads its own stream")
	assert.Equal(t, classify.KindAbuse, abuseB.Model().Kind())

	_, err := abuseA.SaveSnapshot(ctx)
	require.NoError(t, err)
	// The spam Sync of a site configured with the abuse snapshot's key
	// refuses it.
	wrong := redislearn.New(srv.Client(), nil, &redislearn.Options{Snapshot: redislearn.DefaultSnapshot + ":abuse"})
	_, err = wrong.LoadSnapshot(ctx)
	assert.ErrorIs(t, err, classify.ErrFormat)
	fresh := redislearn.New(srv.Client(), abuseModel(), nil)
	loaded, err := fresh.LoadSnapshot(ctx)
	require.NoError(t, err)
	assert.True(t, loaded)
	assert.Equal(t, uint64(2), docs(fresh))
}
