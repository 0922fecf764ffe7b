package redislearn

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"strconv"
	"strings"
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
// one Run should follow the stream at a time. Make one with New: the zero
// Sync has no client, and its methods return ErrNoClient rather than panic.
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
// opts means the defaults, a nil model an empty one. model must not be taught directly afterwards, or
// the instances' models drift apart.
func New(client redis.UniversalClient, model *classify.Classifier, opts *Options) *Sync {
	s := &Sync{client: client}
	if opts != nil {
		s.opts = *opts
	}
	if model == nil {
		model = new(classify.Classifier)
	}
	// A model of another kind than spam has keys of its own by default,
	// so that a spam model and an abuse model can share one Redis.
	suffix := ""
	if k := model.Kind(); k != classify.KindSpam {
		suffix = ":" + k.String()
	}
	if s.opts.Stream == "" {
		s.opts.Stream = DefaultStream + suffix
	}
	if s.opts.Snapshot == "" {
		s.opts.Snapshot = DefaultSnapshot + suffix
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
	s.model.Store(model)
	return s
}

// Model returns the classifier to score with. LoadSnapshot and
// ReadCheckpoint replace it, so callers should call Model for each use
// rather than keep the result. It is nil for a Sync not made by New.
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
	if err := s.usable(); err != nil {
		return err
	}
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
	if err := s.usable(); err != nil {
		return err
	}
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

// ErrNoClient is returned by the methods of a Sync without a Redis client
// or a model: the zero Sync, or one New was given a nil client.
var ErrNoClient = errors.New("redislearn: Sync has no Redis client; make it with New")

// usable reports ErrNoClient for a Sync that New did not make.
func (s *Sync) usable() error {
	if s == nil || s.client == nil || s.model.Load() == nil {
		return ErrNoClient
	}
	return nil
}

// saveScript writes the snapshot hash KEYS[1] (fields model and id, from
// ARGV[2] and ARGV[1]) only when ARGV[1] is a later stream id than the one
// stored, or nothing readable is stored, and returns 1 when it wrote, 0
// when not. Stream ids are "ms-seq", two decimal numbers that may pass
// 2^53, so they are compared as digit strings: longer is larger, then
// byte by byte, which needs no locale and loses no precision.
var saveScript = redis.NewScript(`
local function cmpnum(a, b)
  a = a:gsub('^0+', '')
  b = b:gsub('^0+', '')
  if #a ~= #b then
    if #a < #b then return -1 end
    return 1
  end
  for i = 1, #a do
    local x, y = a:byte(i), b:byte(i)
    if x ~= y then
      if x < y then return -1 end
      return 1
    end
  end
  return 0
end
local cur = redis.call('HGET', KEYS[1], 'id')
if cur then
  local cm, cs = string.match(cur, '^(%d+)-(%d+)$')
  if cm then
    local nm, ns = string.match(ARGV[1], '^(%d+)-(%d+)$')
    local c = cmpnum(nm, cm)
    if c == 0 then c = cmpnum(ns, cs) end
    if c <= 0 then return 0 end
  end
end
redis.call('HSET', KEYS[1], 'model', ARGV[2], 'id', ARGV[1])
return 1
`)

// SaveSnapshot writes the model and the id of the last event it includes to
// the snapshot hash, so readers never see one without the other, unless the
// hash already holds a snapshot as late or later: the comparison and the
// write are one script, one round trip, so an instance that lags behind
// never replaces a newer snapshot with its older state. It reports whether
// it wrote; it writes nothing before the first event is read or a snapshot
// or checkpoint is loaded.
func (s *Sync) SaveSnapshot(ctx context.Context) (bool, error) {
	if err := s.usable(); err != nil {
		return false, err
	}
	id, model, err := s.state()
	if err != nil {
		return false, fmt.Errorf("redislearn: save snapshot: %w", err)
	}
	if id == "" {
		return false, nil
	}
	wrote, err := saveScript.Run(ctx, s.client, []string{s.opts.Snapshot}, id, model).Int()
	if err != nil {
		return false, fmt.Errorf("redislearn: save snapshot: %w", err)
	}
	return wrote == 1, nil
}

// state returns the id of the last event applied and the model's bytes,
// taken together so that they agree.
func (s *Sync) state() (string, []byte, error) {
	var buf bytes.Buffer
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.model.Load().WriteTo(&buf); err != nil {
		return "", nil, err
	}
	return s.lastID, buf.Bytes(), nil
}

// LoadSnapshot replaces the model with the saved snapshot, if there is one
// later than what the Sync holds (any, before an event is read or a
// checkpoint is loaded), and makes Run go on from the snapshot's event id.
// It reports whether it replaced the model. The snapshot's settings
// (classify.Config) apply; it should be called before Run starts, or the
// events already applied are replaced by the snapshot's state.
func (s *Sync) LoadSnapshot(ctx context.Context) (bool, error) {
	if err := s.usable(); err != nil {
		return false, err
	}
	vals, err := s.client.HMGet(ctx, s.opts.Snapshot, fieldModel, fieldID).Result()
	if err != nil {
		return false, fmt.Errorf("redislearn: load snapshot: %w", err)
	}
	if len(vals) != 2 || vals[0] == nil || vals[1] == nil {
		return false, nil
	}
	data, ok1 := vals[0].(string)
	id, ok2 := vals[1].(string)
	if _, _, ok := parseID(id); !ok1 || !ok2 || !ok {
		return false, fmt.Errorf("redislearn: load snapshot: %w", classify.ErrCorrupt)
	}
	m, err := classify.Read(strings.NewReader(data), nil)
	if err == nil {
		err = s.sameKind(m)
	}
	if err != nil {
		return false, fmt.Errorf("redislearn: load snapshot: %w", err)
	}
	return s.replace(id, m), nil
}

// sameKind reports an error wrapping classify.ErrFormat when m is not of
// the kind of the Sync's model: a snapshot or checkpoint of the other
// model, whose features mean nothing to this one.
func (s *Sync) sameKind(m *classify.Classifier) error {
	if want := s.model.Load().Kind(); m.Kind() != want {
		return fmt.Errorf("%w: a %v model where a %v model was expected", classify.ErrFormat, m.Kind(), want)
	}
	return nil
}

// replace makes m the model and id the position, unless the Sync already
// stands at a later or the same event; it reports whether it did.
func (s *Sync) replace(id string, m *classify.Classifier) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.lastID != "" && compareIDs(id, s.lastID) <= 0 {
		return false
	}
	s.model.Store(m)
	s.lastID = id
	return true
}

// Checkpoint format: checkpointMagic, the version and the length of the
// stream id as unsigned varints, the id, a CRC-32 (IEEE, big-endian) of
// all of that, then the model in classify's format, which has its own.
const (
	checkpointMagic   = "BLRC"
	checkpointVersion = 1
	// maxIDLength bounds a stream id: two 20-digit numbers and a dash.
	maxIDLength = 41
)

// WriteCheckpoint writes the model and the id of the last event it includes
// to w, taken together so that they agree, for ReadCheckpoint after a
// restart: an instance that keeps its model on disk this way goes on from
// that event instead of replaying the stream into a model that already
// holds it. Write it as a file that must never be seen half written: to a
// temporary file in the same folder, synced, then renamed over the old one.
func (s *Sync) WriteCheckpoint(w io.Writer) (int64, error) {
	if err := s.usable(); err != nil {
		return 0, err
	}
	id, model, err := s.state()
	if err != nil {
		return 0, fmt.Errorf("redislearn: write checkpoint: %w", err)
	}
	head := []byte(checkpointMagic)
	head = binary.AppendUvarint(head, checkpointVersion)
	head = binary.AppendUvarint(head, uint64(len(id)))
	head = append(head, id...)
	head = binary.BigEndian.AppendUint32(head, crc32.ChecksumIEEE(head))
	n, err := w.Write(head)
	if err == nil {
		var m int
		m, err = w.Write(model)
		n += m
	}
	if err != nil {
		return int64(n), fmt.Errorf("redislearn: write checkpoint: %w", err)
	}
	return int64(n), nil
}

// ReadCheckpoint reads what WriteCheckpoint wrote and, if it is later than
// what the Sync holds (any checkpoint, before an event is read or a
// snapshot is loaded), makes it the model and the position Run goes on
// from. It reports whether it replaced the model. A damaged checkpoint is
// an error wrapping classify.ErrCorrupt or classify.ErrFormat, and changes
// nothing. Call it before LoadSnapshot, which then replaces the model only
// with a later snapshot, and before Run.
func (s *Sync) ReadCheckpoint(r io.Reader) (bool, error) {
	if err := s.usable(); err != nil {
		return false, err
	}
	id, m, err := readCheckpoint(bufio.NewReader(r))
	if err == nil {
		err = s.sameKind(m)
	}
	if err != nil {
		return false, fmt.Errorf("redislearn: read checkpoint: %w", err)
	}
	return s.replace(id, m), nil
}

func readCheckpoint(r *bufio.Reader) (string, *classify.Classifier, error) {
	head := make([]byte, len(checkpointMagic))
	if _, err := io.ReadFull(r, head); err != nil || string(head) != checkpointMagic {
		return "", nil, classify.ErrFormat
	}
	version, err := binary.ReadUvarint(r)
	if err != nil {
		return "", nil, classify.ErrCorrupt
	}
	if version != checkpointVersion {
		return "", nil, fmt.Errorf("%w: checkpoint version %d, this library reads %d", classify.ErrVersion, version, checkpointVersion)
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n > maxIDLength {
		return "", nil, classify.ErrCorrupt
	}
	rest := make([]byte, n+4)
	if _, err := io.ReadFull(r, rest); err != nil {
		return "", nil, classify.ErrCorrupt
	}
	head = binary.AppendUvarint(head, version)
	head = binary.AppendUvarint(head, n)
	head = append(head, rest[:n]...)
	id := string(rest[:n])
	if crc32.ChecksumIEEE(head) != binary.BigEndian.Uint32(rest[n:]) {
		return "", nil, classify.ErrCorrupt
	}
	if _, _, ok := parseID(id); id != "" && !ok {
		return "", nil, classify.ErrCorrupt
	}
	m, err := classify.Read(r, nil)
	if err != nil {
		return "", nil, err
	}
	return id, m, nil
}

// parseID splits a stream id "ms-seq" into its two numbers.
func parseID(id string) (ms, seq uint64, ok bool) {
	a, b, found := strings.Cut(id, "-")
	if !found {
		return 0, 0, false
	}
	ms, err1 := strconv.ParseUint(a, 10, 64)
	seq, err2 := strconv.ParseUint(b, 10, 64)
	return ms, seq, err1 == nil && err2 == nil
}

// compareIDs compares two stream ids as Redis orders them, by their
// numbers; "" (no event) and malformed ids come before every valid one.
func compareIDs(a, b string) int {
	am, as, aok := parseID(a)
	bm, bs, bok := parseID(b)
	switch {
	case aok != bok && aok:
		return 1
	case aok != bok:
		return -1
	case !aok:
		return 0
	case am != bm:
		return cmp.Compare(am, bm)
	}
	return cmp.Compare(as, bs)
}
