package redislearn

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/binhluan/binhluan/classify"
)

// Defaults of Options.
const (
	DefaultStream   = "binhluan:learn"
	DefaultSnapshot = "binhluan:model"
	DefaultMaxLen   = 100000
	DefaultBlock    = time.Second
)

// Backoff bounds of Run after a Redis error.
const (
	minBackoff = 50 * time.Millisecond
	maxBackoff = 2 * time.Second
)

// batch is how many events one XREAD returns at most.
const batch = 500

// Fields of a stream event.
const (
	fieldOp      = "op"
	fieldClass   = "class"
	fieldName    = "name"
	fieldTitle   = "title"
	fieldContent = "content"

	opLearn   = "learn"
	opUnlearn = "unlearn"
)

// Snapshot hash fields.
const (
	fieldModel = "model"
	fieldID    = "id"
)

// Options tune a Sync. The zero value of a field means its default.
type Options struct {
	// Stream is the key of the Redis stream of learn and unlearn events.
	Stream string
	// Snapshot is the key of the hash holding the saved model and the id
	// of the last event it includes.
	Snapshot string
	// MaxLen caps the stream at about this many events (XADD MAXLEN ~).
	MaxLen int64
	// Block is how long one XREAD waits for new events. It also bounds how
	// long Run takes to notice that its context is done.
	Block time.Duration
	// Logger receives Run's connection errors and refused unlearns; nil
	// means slog.Default().
	Logger *slog.Logger
}

// Stats count what Run has read from the stream.
type Stats struct {
	// Applied is the number of events applied to the model.
	Applied uint64
	// Skipped is the number of malformed events ignored.
	Skipped uint64
	// NotLearned is the number of unlearn events the model refused
	// (classify.ErrNotLearned); they are not counted in Applied.
	NotLearned uint64
	// LastID is the id of the last event read, or of the snapshot loaded;
	// empty before either.
	LastID string
}

// Sync keeps an in-memory classifier in step with a Redis stream of
// moderators' decisions. Its methods are safe for concurrent use, but only
// one Run should follow the stream at a time.
type Sync struct {
	client redis.UniversalClient
	opts   Options
	model  atomic.Pointer[classify.Classifier]

	// mu orders applying events, loading and saving snapshots, so a
	// snapshot's bytes and id always agree.
	mu     sync.Mutex
	lastID string

	applied, skipped, notLearned atomic.Uint64
}

// New returns a Sync that teaches model through the stream of client; a nil
// opts means the defaults. model must not be taught directly afterwards, or
// the instances' models drift apart.
func New(client redis.UniversalClient, model *classify.Classifier, opts *Options) *Sync {
	s := &Sync{client: client}
	if opts != nil {
		s.opts = *opts
	}
	if s.opts.Stream == "" {
		s.opts.Stream = DefaultStream
	}
	if s.opts.Snapshot == "" {
		s.opts.Snapshot = DefaultSnapshot
	}
	if s.opts.MaxLen <= 0 {
		s.opts.MaxLen = DefaultMaxLen
	}
	if s.opts.Block <= 0 {
		s.opts.Block = DefaultBlock
	}
	if s.opts.Logger == nil {
		s.opts.Logger = slog.Default()
	}
	if model == nil {
		model = new(classify.Classifier)
	}
	s.model.Store(model)
	return s
}

// Model returns the classifier to score with. LoadSnapshot replaces it, so
// callers should call Model for each use rather than keep the result.
func (s *Sync) Model() *classify.Classifier { return s.model.Load() }

// Stats returns the counts of events read so far.
func (s *Sync) Stats() Stats {
	s.mu.Lock()
	id := s.lastID
	s.mu.Unlock()
	return Stats{
		Applied:    s.applied.Load(),
		Skipped:    s.skipped.Load(),
		NotLearned: s.notLearned.Load(),
		LastID:     id,
	}
}

// Learn appends a lesson to the stream; the model learns it when Run reads
// it back (see the package documentation on ordering).
func (s *Sync) Learn(ctx context.Context, class classify.Class, doc classify.Document) error {
	return s.add(ctx, opLearn, class, doc)
}

// Unlearn appends the taking back of an earlier lesson to the stream; the
// model unlearns it when Run reads it back. A lesson the model never learned
// is counted in Stats.NotLearned then, not reported here.
func (s *Sync) Unlearn(ctx context.Context, class classify.Class, doc classify.Document) error {
	return s.add(ctx, opUnlearn, class, doc)
}

func (s *Sync) add(ctx context.Context, op string, class classify.Class, doc classify.Document) error {
	if class != classify.Ham && class != classify.Spam {
		return fmt.Errorf("redislearn: %s: invalid class %d", op, class)
	}
	err := s.client.XAdd(ctx, &redis.XAddArgs{
		Stream: s.opts.Stream,
		MaxLen: s.opts.MaxLen,
		Approx: true,
		Values: []any{
			fieldOp, op,
			fieldClass, class.String(),
			fieldName, doc.Name,
			fieldTitle, doc.Title,
			fieldContent, doc.Content,
		},
	}).Err()
	if err != nil {
		return fmt.Errorf("redislearn: %s: %w", op, err)
	}
	return nil
}

// Run follows the stream from the last event applied (or from the start,
// without a snapshot), applying events to the model until ctx is done, and
// then returns ctx.Err(). Redis errors are logged and retried with a backoff
// of up to two seconds. Run starts no goroutine; call it in one of yours.
func (s *Sync) Run(ctx context.Context) error {
	backoff := minBackoff
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		s.mu.Lock()
		from := s.lastID
		s.mu.Unlock()
		if from == "" {
			from = "0"
		}
		streams, err := s.client.XRead(ctx, &redis.XReadArgs{
			Streams: []string{s.opts.Stream, from},
			Count:   batch,
			Block:   s.opts.Block,
		}).Result()
		switch {
		case err == nil:
			backoff = minBackoff
			for _, st := range streams {
				s.apply(from, st.Messages)
			}
		case errors.Is(err, redis.Nil):
			backoff = minBackoff // Block passed with no new event.
		default:
			if ctx.Err() != nil {
				return ctx.Err()
			}
			s.opts.Logger.Warn("redislearn: reading the stream failed; retrying",
				"stream", s.opts.Stream, "after", backoff, "err", err)
			if !sleep(ctx, backoff) {
				return ctx.Err()
			}
			backoff = min(2*backoff, maxBackoff)
		}
	}
}

// sleep waits d or until ctx is done, reporting whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// apply applies messages read after id from. If a snapshot was loaded
// meanwhile (lastID is no longer from), the batch is dropped: Run reads again
// from the snapshot's id.
func (s *Sync) apply(from string, msgs []redis.XMessage) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lastID != from && !(from == "0" && s.lastID == "") {
		return
	}
	m := s.model.Load()
	for _, msg := range msgs {
		s.applyOne(m, msg)
		s.lastID = msg.ID
	}
}

func (s *Sync) applyOne(m *classify.Classifier, msg redis.XMessage) {
	op, class, doc, ok := parse(msg.Values)
	if !ok {
		s.skipped.Add(1)
		return
	}
	var err error
	if op == opLearn {
		err = m.Learn(class, doc)
	} else {
		err = m.Unlearn(class, doc)
	}
	switch {
	case err == nil:
		s.applied.Add(1)
	case errors.Is(err, classify.ErrNotLearned):
		s.notLearned.Add(1)
		s.opts.Logger.Info("redislearn: unlearn refused: not learned", "id", msg.ID, "class", class)
	default:
		s.skipped.Add(1)
		s.opts.Logger.Warn("redislearn: event not applied", "id", msg.ID, "err", err)
	}
}

// parse reads an event, reporting false for a malformed one.
func parse(v map[string]any) (op string, class classify.Class, doc classify.Document, ok bool) {
	get := func(k string) (string, bool) {
		s, ok := v[k].(string)
		return s, ok
	}
	op, ok1 := get(fieldOp)
	cl, ok2 := get(fieldClass)
	name, ok3 := get(fieldName)
	title, ok4 := get(fieldTitle)
	content, ok5 := get(fieldContent)
	if !(ok1 && ok2 && ok3 && ok4 && ok5) || (op != opLearn && op != opUnlearn) {
		return "", 0, doc, false
	}
	class, err := classify.ParseClass(cl)
	if err != nil {
		return "", 0, doc, false
	}
	return op, class, classify.Document{Name: name, Title: title, Content: content}, true
}

// SaveSnapshot writes the model and the id of the last event it includes to
// the snapshot hash in one HSET, so readers never see one without the other.
// It does nothing before the first event is read.
func (s *Sync) SaveSnapshot(ctx context.Context) error {
	var buf bytes.Buffer
	s.mu.Lock()
	id := s.lastID
	if id == "" {
		s.mu.Unlock()
		return nil
	}
	_, err := s.model.Load().WriteTo(&buf)
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("redislearn: save snapshot: %w", err)
	}
	if err := s.client.HSet(ctx, s.opts.Snapshot, fieldModel, buf.Bytes(), fieldID, id).Err(); err != nil {
		return fmt.Errorf("redislearn: save snapshot: %w", err)
	}
	return nil
}

// LoadSnapshot replaces the model with the saved snapshot, if there is one,
// and makes Run go on from the snapshot's event id. It reports whether a
// snapshot was loaded. The snapshot's settings (classify.Config) apply; it
// should be called before Run starts, or the events already applied are
// replaced by the snapshot's state.
func (s *Sync) LoadSnapshot(ctx context.Context) (bool, error) {
	vals, err := s.client.HMGet(ctx, s.opts.Snapshot, fieldModel, fieldID).Result()
	if err != nil {
		return false, fmt.Errorf("redislearn: load snapshot: %w", err)
	}
	if len(vals) != 2 || vals[0] == nil || vals[1] == nil {
		return false, nil
	}
	data, ok1 := vals[0].(string)
	id, ok2 := vals[1].(string)
	if !ok1 || !ok2 || id == "" {
		return false, fmt.Errorf("redislearn: load snapshot: %w", classify.ErrCorrupt)
	}
	m, err := classify.Read(bytes.NewReader([]byte(data)), nil)
	if err != nil {
		return false, fmt.Errorf("redislearn: load snapshot: %w", err)
	}
	s.mu.Lock()
	s.model.Store(m)
	s.lastID = id
	s.mu.Unlock()
	return true, nil
}
