package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/sqlstore"
)

// commentStore is what the site needs of its comment store: a
// comment.ModerationStore, for the desk, that it closes at the end.
type commentStore interface {
	comment.ModerationStore
	Close() error
}

// dbName is the SQLite file of the comments under a data folder.
const dbName = "binhluan.db"

// oldLog is the JSON-lines file earlier versions of the demo kept the
// comments in, and importedSuffix what its name ends with once imported.
const (
	oldLog         = "comments.jsonl"
	importedSuffix = ".imported"
)

// openComments opens the comment store: the PostgreSQL database of dsn
// when set, else DIR/binhluan.db with a data folder, else an SQLite
// database in memory. With a data folder, a comments.jsonl left by an
// earlier demo is imported into it first.
func openComments(ctx context.Context, dsn, dir string) (*sqlstore.Store, error) {
	if dsn == "" && dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("newsroom: %w", err)
		}
		dsn = filepath.Join(dir, dbName)
	}
	st, err := sqlstore.Open(ctx, dsn, nil)
	if err != nil {
		return nil, err
	}
	if dir != "" {
		if err := importLog(ctx, st, filepath.Join(dir, oldLog)); err != nil {
			st.Close()
			return nil, err
		}
	}
	return st, nil
}

// importLog adds the comments of the old log at path to st, then renames
// the log to path+".imported", so it is read once. The log held one line
// per creation or status change, the last line of an id winning; a cut
// last line, left by a crash, is skipped as the old demo skipped it. The
// comments go in one transaction, and ids already stored are skipped: an
// import stopped before the rename is run again whole and adds nothing
// twice. No log, no work.
func importLog(ctx context.Context, st *sqlstore.Store, path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("newsroom: %w", err)
	}
	defer f.Close()
	var (
		order []string
		byID  = map[string]comment.Comment{}
		pos   = map[string]int{} // where each id first appears in order
	)
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var bad error
	for line := 1; sc.Scan(); line++ {
		if bad != nil {
			return bad // a damaged line that was not the last
		}
		// A line is a comment as it then stood, with the lesson it taught
		// the spam filter ("learned"). The store keeps no lesson: it
		// follows from a moderator's reason and the status (see
		// learnedOf), so a comment that taught one gets that reason; the
		// old demo wrote it as free text ("moderator: approved").
		var (
			r   comment.Comment
			old struct {
				Learned string `json:"learned"`
			}
		)
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil || r.ID == "" || json.Unmarshal(sc.Bytes(), &old) != nil {
			bad = fmt.Errorf("newsroom: %s: line %d is damaged: move the file away to start without it", path, line)
			continue
		}
		if old.Learned != "" {
			r.Reason = comment.ReasonModerator
		} else if strings.HasPrefix(string(r.Reason), "moderator") {
			r.Reason = "" // a decision that taught nothing, such as a deletion
		}
		if _, ok := byID[r.ID]; !ok {
			pos[r.ID] = len(order)
			order = append(order, r.ID)
		}
		byID[r.ID] = r
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("newsroom: reading %s: %w", path, err)
	}
	if bad != nil {
		log.Printf("newsroom: %s: skipping a damaged last line, left by a crash", path)
	}
	all := make([]comment.Comment, 0, len(order))
	for _, id := range order {
		c := byID[id]
		// The old demo kept parent_id unchecked: a reply whose parent is
		// missing, not approved, elsewhere or itself a reply is kept as a
		// comment of its own rather than refused with the whole log.
		if c.ParentID != "" {
			p, ok := byID[c.ParentID]
			if !ok || p.Status != comment.Approved || p.ArticleID != c.ArticleID || p.ParentID != "" || pos[p.ID] > pos[c.ID] {
				log.Printf("newsroom: %s: comment %s replied to %q, which takes no reply: kept as a comment of its own", path, c.ID, c.ParentID)
				c.ParentID = ""
			}
		}
		all = append(all, c)
	}
	added, err := st.AddMany(ctx, all)
	if err != nil {
		return fmt.Errorf("newsroom: importing %s: %w", path, err)
	}
	if err := os.Rename(path, path+importedSuffix); err != nil {
		return fmt.Errorf("newsroom: %w", err)
	}
	log.Printf("newsroom: imported %d comments of %d from %s (renamed %s%s)", added, len(all), path, filepath.Base(path), importedSuffix)
	return nil
}
