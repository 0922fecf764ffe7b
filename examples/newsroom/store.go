package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"slices"
	"sync"

	"github.com/binhluan/binhluan/comment"
)

// record is one comment as the site keeps it: the comment with its
// moderation state, and what the spam filter was taught from it ("ham",
// "spam" or "" for nothing), so a moderator who changes their mind can take
// the lesson back.
type record struct {
	comment.Comment
	Learned string `json:"learned,omitempty"`
}

// commentStore keeps the comments in memory and, when it has a file, in an
// append-only log of JSON lines: one line per creation or status change,
// holding the whole record, the last line of an id winning on replay.
//
// A JSON-lines log rather than a database because the demo takes no
// dependency, each change is one whole-line append (O_APPEND, then fsync)
// that a crash can only cut short at the end, and a moderator can read or
// grep the file. A cut last line is dropped at start with a log message.
type commentStore struct {
	mu     sync.Mutex
	byID   map[string]*record
	order  []string // ids, oldest first
	file   logFile  // nil in memory
	size   int64    // bytes of whole lines in file
	closed bool
}

// logFile is what the store needs of its file: an *os.File opened to
// append, or in a test one that fails.
type logFile interface {
	io.Writer
	Sync() error
	Truncate(size int64) error
	Close() error
}

// openStore replays the log at path, or starts empty in memory when path is
// "".
func openStore(path string) (*commentStore, error) {
	s := &commentStore{byID: map[string]*record{}}
	if path == "" {
		return s, nil
	}
	data, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return nil, fmt.Errorf("newsroom: reading comments: %w", err)
	}
	good := 0 // bytes of whole, valid lines
	for len(data[good:]) > 0 {
		rest := data[good:]
		end := bytes.IndexByte(rest, '\n')
		last := end < 0 || end == len(rest)-1
		line := rest
		if end >= 0 {
			line = rest[:end]
		}
		var r record
		if err := json.Unmarshal(line, &r); err != nil || r.ID == "" || end < 0 {
			if last {
				log.Printf("newsroom: %s: ignoring a damaged last line (%d bytes), left by a crash", path, len(rest))
				break
			}
			return nil, fmt.Errorf("newsroom: %s: damaged line at byte %d", path, good)
		}
		s.put(r)
		good += end + 1
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("newsroom: opening comments: %w", err)
	}
	if good < len(data) {
		// Cut the damaged line off so the next append starts a fresh line.
		if err := f.Truncate(int64(good)); err != nil {
			f.Close()
			return nil, fmt.Errorf("newsroom: truncating comments: %w", err)
		}
	}
	s.file, s.size = f, int64(good)
	return s, nil
}

func (s *commentStore) put(r record) {
	if _, ok := s.byID[r.ID]; !ok {
		s.order = append(s.order, r.ID)
	}
	s.byID[r.ID] = &r
}

// save stores r and appends it to the log. When the append fails (a full
// disk), what it wrote of the line is cut off again, so the log stays whole
// lines and r is not stored.
func (s *commentStore) save(r record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errStoreClosed
	}
	if s.file != nil {
		line, err := json.Marshal(r)
		if err != nil {
			return err
		}
		line = append(line, '\n')
		_, err = s.file.Write(line)
		if err == nil {
			err = s.file.Sync()
		}
		if err != nil {
			err = fmt.Errorf("newsroom: writing comment: %w", err)
			if terr := s.file.Truncate(s.size); terr != nil {
				err = errors.Join(err, fmt.Errorf("newsroom: cutting off the partial line: %w", terr))
			}
			return err
		}
		s.size += int64(len(line))
	}
	s.put(r)
	return nil
}

// get returns a copy of the record with the id.
func (s *commentStore) get(id string) (record, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.byID[id]
	if !ok {
		return record{}, false
	}
	return *r, true
}

// list returns copies of the records that match, oldest first.
func (s *commentStore) list(match func(record) bool) []record {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []record
	for _, id := range s.order {
		if r := s.byID[id]; match(*r) {
			out = append(out, *r)
		}
	}
	return slices.Clip(out)
}

var errStoreClosed = errors.New("newsroom: comment store is closed")

// close closes the log; saving after it fails. Closing twice is harmless.
func (s *commentStore) close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.file == nil {
		return nil
	}
	return s.file.Close()
}
