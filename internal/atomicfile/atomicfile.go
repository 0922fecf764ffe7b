// Package atomicfile replaces a file whole or not at all, for the files
// binhluan's packages and demo save: a spam model, a checkpoint of the
// shared model. It holds no state; Write is safe for concurrent use on
// different names (two writers of one name leave the last rename's file).
package atomicfile

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Write replaces the file name with what write writes: to a temporary file
// of mode perm in the same folder, synced, renamed over name, and the
// folder synced, so that a reader or a crash or a full disk sees the old
// file or the new one, never half of one. On an error the temporary file
// is removed and name is as it was.
func Write(name string, perm fs.FileMode, write func(io.Writer) error) error {
	dir := filepath.Dir(name)
	f, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = f.Chmod(perm)
	if err == nil {
		err = write(f)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	// The rename is done: a folder that cannot be synced leaves it to the
	// file system's own schedule, not undone.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
