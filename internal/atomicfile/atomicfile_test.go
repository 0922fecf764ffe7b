package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "model.blnb")
	require.NoError(t, Write(name, 0o600, func(w io.Writer) error {
		_, err := io.WriteString(w, "mô hình mới")
		return err
	}))
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, "mô hình mới", string(b))
	info, err := os.Stat(name)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	// A failing writer leaves the old file and no temporary one.
	boom := errors.New("disk full")
	err = Write(name, 0o600, func(w io.Writer) error {
		_, _ = io.WriteString(w, "một nửa")
		return boom
	})
	assert.ErrorIs(t, err, boom)
	b, err = os.ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, "mô hình mới", string(b), "the old file stays whole")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left behind")

	// A folder that does not exist is an error, not a panic.
	assert.Error(t, Write(filepath.Join(dir, "no", "such"), 0o600, func(io.Writer) error { return nil }))
}
