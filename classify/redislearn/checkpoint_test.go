package redislearn

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/classify"
)

func TestCompareIDs(t *testing.T) {
	tests := []struct {
		a, b string
		want int
		why  string
	}{
		{"10-0", "9-0", 1, "milliseconds compare as numbers, not strings"},
		{"10-10", "10-2", 1, "so do sequence numbers"},
		{"10-2", "10-10", -1, "so do sequence numbers"},
		{"1700000000000-5", "1700000000000-5", 0, "the same id"},
		{"18446744073709551615-18446744073709551615", "18446744073709551615-18446744073709551614", 1, "beyond float64's precision"},
		{"0-1", "", 1, "no event comes first"},
		{"", "0-1", -1, "no event comes first"},
		{"", "", 0, "no event"},
		{"5", "0-1", -1, "a malformed id comes first"},
		{"0-1", "-1-0", 1, "a malformed id comes first"},
	}
	for _, tt := range tests {
		t.Run(tt.a+" vs "+tt.b, func(t *testing.T) {
			assert.Equal(t, tt.want, compareIDs(tt.a, tt.b), tt.why)
		})
	}
}

// offline returns a Sync whose client never connects: enough for the
// checkpoint, which touches no server.
func offline(t testing.TB) *Sync {
	rc := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	t.Cleanup(func() { rc.Close() })
	return New(rc, nil, nil)
}

func TestCheckpointRoundTrip(t *testing.T) {
	s := offline(t)
	require.NoError(t, s.Model().Learn(classify.Spam, classify.Text("vay tiền nhanh, gọi 0912 345 678")))
	s.lastID = "1700000000000-3"
	var buf bytes.Buffer
	_, err := s.WriteCheckpoint(&buf)
	require.NoError(t, err)

	r := offline(t)
	ok, err := r.ReadCheckpoint(bytes.NewReader(buf.Bytes()))
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "1700000000000-3", r.Stats().LastID)
	assert.Equal(t, s.Model().Score(classify.Text("vay tiền")), r.Model().Score(classify.Text("vay tiền")))

	empty := offline(t)
	buf.Reset()
	_, err = empty.WriteCheckpoint(&buf)
	require.NoError(t, err, "a checkpoint before any event")
	ok, err = offline(t).ReadCheckpoint(&buf)
	require.NoError(t, err)
	assert.True(t, ok, "want it loaded into a fresh Sync")
}

// FuzzReadCheckpoint checks that no input makes the checkpoint reader
// panic, and that what it accepts writes back to the same id and model.
func FuzzReadCheckpoint(f *testing.F) {
	s := offline(f)
	_ = s.Model().Learn(classify.Ham, classify.Text("bài viết hay"))
	s.lastID = "12-3"
	var buf bytes.Buffer
	if _, err := s.WriteCheckpoint(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("BLRC\x01\x00"))
	f.Add([]byte("BLRC\x01\xff\xff\xff\xff\x0f"))
	f.Fuzz(func(t *testing.T, data []byte) {
		id, m, err := readCheckpoint(bufio.NewReader(bytes.NewReader(data)))
		if err != nil {
			return
		}
		w := offline(t)
		w.model.Store(m)
		w.lastID = id
		var out bytes.Buffer
		if _, err := w.WriteCheckpoint(&out); err != nil {
			t.Fatal(err)
		}
		id2, m2, err := readCheckpoint(bufio.NewReader(&out))
		if err != nil || id2 != id {
			t.Fatalf("a checkpoint written back does not read: %q %v", id2, err)
		}
		h, sp := m.Docs()
		h2, sp2 := m2.Docs()
		if h != h2 || sp != sp2 {
			t.Fatalf("docs changed on the round trip: %d %d, %d %d", h, sp, h2, sp2)
		}
	})
}
