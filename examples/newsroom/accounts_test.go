package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAddModerator(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2020, 11, 29, 5, 48, 0, 0, time.UTC)
	var out bytes.Buffer
	require.NoError(t, addModerator(dir, "thu.ha", strings.NewReader("mật khẩu của Thu Hà\n"), nil, &out, testHash, now), "piped: read once")
	assert.Contains(t, out.String(), "moderator account thu.ha added")
	path := filepath.Join(dir, accountsName)
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "readable by its owner only")
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "mật khẩu", "no password in the file")
	var file accountsFile
	require.NoError(t, json.Unmarshal(raw, &file))
	require.Len(t, file.Moderators, 1)
	assert.True(t, strings.HasPrefix(file.Moderators[0].Hash, "$argon2id$v=19$m=64,t=1,p=1$"), file.Moderators[0].Hash)

	require.NoError(t, addModerator(dir, "bien-tap", strings.NewReader("mật khẩu biên tập viên\r\n"), nil, &out, testHash, now), "a line from Windows")
	out.Reset()
	require.NoError(t, addModerator(dir, "thu.ha", strings.NewReader("mật khẩu mới của Thu Hà"), nil, &out, testHash, now), "without a line end")
	assert.Contains(t, out.String(), "has a new password")

	// The site signs them in, and makes no account of its own.
	h := newHarness(t, siteConfig{DataDir: dir, Password: testPassword})
	assert.Empty(t, h.s.oneTime)
	assert.False(t, h.s.accounts.runOnly())
	assert.Equal(t, 2, h.s.accounts.count())
	for _, tt := range []struct {
		user, password string
		want           int
	}{
		{"thu.ha", "mật khẩu mới của Thu Hà", http.StatusSeeOther},
		{"thu.ha", "mật khẩu của Thu Hà", http.StatusUnauthorized},
		{"bien-tap", "mật khẩu biên tập viên", http.StatusSeeOther},
		{"admin", testPassword, http.StatusUnauthorized},
	} {
		code, _, _ := h.login(tt.user, tt.password)
		assert.Equal(t, tt.want, code, "%s with %q", tt.user, tt.password)
	}

	// A terminal asks twice, with the echo off while typing.
	quietCalls := 0
	quiet := func() (func(), error) { quietCalls++; return func() {}, nil }
	require.NoError(t, addModerator(dir, "toa-soan", strings.NewReader("mật khẩu tòa soạn\nmật khẩu tòa soạn\n"), quiet, &out, testHash, now))
	assert.Equal(t, 2, quietCalls, "the echo is off for both")
	err = addModerator(dir, "toa-soan-2", strings.NewReader("mật khẩu tòa soạn\nmật khẩu khác hẳn\n"), quiet, &out, testHash, now)
	assert.ErrorContains(t, err, "differ")

	for _, tt := range []struct {
		name, dir, user, input, want string
	}{
		{"no data folder", "", "thu.ha", "mật khẩu rất dài\n", "needs -data"},
		{"name with capitals", dir, "Thu.Ha", "mật khẩu rất dài\n", "lower-case"},
		{"name with accents", dir, "thuhà", "mật khẩu rất dài\n", "lower-case"},
		{"name starting with a dot", dir, ".ha", "mật khẩu rất dài\n", "lower-case"},
		{"name too long", dir, strings.Repeat("a", maxName+1), "mật khẩu rất dài\n", "1 to 32"},
		{"short password", dir, "khach", "ngắn\n", "at least 12"},
		{"no password", dir, "khach", "", "no password"},
		{"password too long", dir, "khach", strings.Repeat("a", maxPassword+10), "longer than"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := addModerator(tt.dir, tt.user, strings.NewReader(tt.input), nil, &out, testHash, now)
			assert.ErrorContains(t, err, tt.want)
		})
	}
	var again accountsFile
	raw, err = os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &again))
	assert.Len(t, again.Moderators, 3, "the refusals changed nothing")
}

func TestFlagsDesk(t *testing.T) {
	o, err := parseFlags([]string{"-data", "/var/lib/newsroom", "-add-moderator", "thu.ha", "-webhook", "https://hooks.example/bl", "-webhook-secret-file", "/run/secrets/hook", "-words", "/etc/words.txt"}, &bytes.Buffer{})
	require.NoError(t, err)
	assert.Equal(t, "thu.ha", o.addModerator)
	assert.Equal(t, "https://hooks.example/bl", o.webhook)
	assert.Equal(t, "/run/secrets/hook", o.webhookSecretFile)
	assert.Equal(t, "/etc/words.txt", o.words)

	dir := t.TempDir()
	secret := filepath.Join(dir, "secret")
	require.NoError(t, os.WriteFile(secret, []byte(strings.Repeat("k", 32)+"\n"), 0o600))
	short := filepath.Join(dir, "short")
	require.NoError(t, os.WriteFile(short, []byte("ngắn\n"), 0o600))
	for _, tt := range []struct {
		name string
		o    options
		ok   bool
	}{
		{"neither", options{}, true},
		{"both", options{webhook: "https://hooks.example/bl", webhookSecretFile: secret}, true},
		{"no secret", options{webhook: "https://hooks.example/bl"}, false},
		{"no URL", options{webhookSecretFile: secret}, false},
		{"short secret", options{webhook: "https://hooks.example/bl", webhookSecretFile: short}, false},
		{"missing secret", options{webhook: "https://hooks.example/bl", webhookSecretFile: filepath.Join(dir, "missing")}, false},
	} {
		var cfg siteConfig
		err := webhookConfig(&cfg, tt.o)
		if tt.ok {
			assert.NoError(t, err, tt.name)
		} else {
			assert.Error(t, err, tt.name)
		}
	}
}

func TestPasswordHash(t *testing.T) {
	assert.Equal(t, hashParams{Time: 3, MemoryKiB: 64 << 10, Threads: 4}, defaultHash, "RFC 9106's second recommended option")
	h, err := hashPassword("mật khẩu thử nghiệm", testHash)
	require.NoError(t, err)
	h2, err := hashPassword("mật khẩu thử nghiệm", testHash)
	require.NoError(t, err)
	assert.NotEqual(t, h, h2, "a fresh salt each time")
	for _, tt := range []struct {
		name, hash, password string
		ok                   bool
		err                  bool
	}{
		{"right", h, "mật khẩu thử nghiệm", true, false},
		{"wrong", h, "mật khẩu thử nghiệm!", false, false},
		{"not argon2id", "$2a$10$abcdefghijklmnopqrstuv", "x", false, true},
		{"memory beyond the bound", "$argon2id$v=19$m=4194304,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$c2FsdHNhbHRzYWx0c2FsdA", "x", false, true},
		{"cut short", strings.Join(strings.Split(h, "$")[:5], "$"), "x", false, true},
	} {
		ok, err := checkHash(tt.hash, tt.password)
		assert.Equal(t, tt.ok, ok, tt.name)
		assert.Equal(t, tt.err, err != nil, "%s: %v", tt.name, err)
	}
}

func TestAccountsFileDamaged(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, accountsName)
	for _, body := range []string{"{", `{"moderators":[{"name":"Bad Name","hash":"x"}]}`, `{"moderators":[{"name":"ok","hash":"x"}]}`} {
		require.NoError(t, os.WriteFile(path, []byte(body), 0o600))
		_, err := newAccounts(path, testHash)
		assert.Error(t, err, body)
	}
	require.NoError(t, os.Remove(path))
	_, err := os.Stat(path)
	require.True(t, errors.Is(err, os.ErrNotExist))
	a, err := newAccounts(path, testHash)
	require.NoError(t, err, "no file: no accounts yet")
	assert.Zero(t, a.count())
}

// BenchmarkCheckHash is what a login pays to check a password against
// its argon2id hash with the default parameters.
func BenchmarkCheckHash(b *testing.B) {
	hash, err := hashPassword("mật khẩu của Lan 2026", defaultHash)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, err := checkHash(hash, "mật khẩu của Lan 2026"); !ok || err != nil {
			b.Fatalf("checkHash: %v, %v", ok, err)
		}
	}
}
