package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/binhluan/binhluan/internal/atomicfile"
)

// accountsName is the file of the moderators' accounts under a data
// folder.
const accountsName = "moderators.json"

// Limits of the accounts.
const (
	// maxName is the longest account name, in bytes.
	maxName = 32
	// maxPassword bounds a password, in bytes: hashing reads it whole.
	maxPassword = 1024
	// maxAccountsFile bounds what loadAccounts reads.
	maxAccountsFile = 1 << 20
	// oneTimeUser is the account the site makes for the run when it has
	// none.
	oneTimeUser = "admin"
	// hashing bounds the passwords hashed at once: each takes the
	// parameters' memory (64 MiB by default).
	hashing = 2
)

// hashParams are the argon2id parameters passwords are hashed with. The
// parameters are kept in each hash, so a hash made with others still
// verifies.
type hashParams struct {
	Time      uint32 // passes over the memory
	MemoryKiB uint32
	Threads   uint8
}

// defaultHash is RFC 9106's second recommended option for argon2id: three
// passes over 64 MiB with four lanes: 81 to 157 ms and 64 MiB a check on
// two busy server cores (BenchmarkCheckHash). A 16-byte salt and a 32-byte
// tag go with it.
var defaultHash = hashParams{Time: 3, MemoryKiB: 64 << 10, Threads: 4}

// Bounds of the parameters a stored hash may ask for, so that an edited
// accounts file cannot make a login take the machine's memory.
const (
	maxHashTime    = 16
	maxHashMemory  = 1 << 20 // KiB: 1 GiB
	maxHashThreads = 16
	saltBytes      = 16
	tagBytes       = 32
)

// account is a moderator's account as moderators.json keeps it.
type account struct {
	Name    string    `json:"name"`
	Hash    string    `json:"hash"` // PHC string: $argon2id$v=19$m=…,t=…,p=…$salt$tag
	Created time.Time `json:"created"`
}

// accountsFile is the JSON of moderators.json.
type accountsFile struct {
	Moderators []account `json:"moderators"`
}

// accounts are the moderators who may sign in to the desk: kept in
// DIR/moderators.json (0600, replaced whole) with a data folder, else in
// memory for the run. The server reads the file when it starts: an
// account added with -add-moderator while it runs counts from its next
// start. It is safe for concurrent use.
type accounts struct {
	path   string // "" in memory
	params hashParams
	slots  chan struct{} // bounds the hashes made at once
	dummy  func() string // a hash to check unknown names against

	mu        sync.RWMutex
	users     map[string]account
	temporary bool // users holds only the run's account of oneTimeAccount
}

// newAccounts returns the accounts kept at path ("" for memory only),
// reading the file when it exists, new passwords hashed with params.
func newAccounts(path string, params hashParams) (*accounts, error) {
	if err := params.check(); err != nil {
		return nil, err
	}
	a := &accounts{path: path, params: params, slots: make(chan struct{}, hashing), users: map[string]account{}}
	a.dummy = sync.OnceValue(func() string {
		h, err := hashPassword(rand.Text(), params)
		if err != nil {
			return "" // never: params are checked above
		}
		return h
	})
	if path == "" {
		return a, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return a, nil
	}
	if err != nil {
		return nil, fmt.Errorf("newsroom: %w", err)
	}
	defer f.Close()
	var file accountsFile
	dec := json.NewDecoder(io.LimitReader(f, maxAccountsFile))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&file); err != nil {
		return nil, fmt.Errorf("newsroom: %s: %w", path, err)
	}
	for _, u := range file.Moderators {
		if err := checkName(u.Name); err != nil {
			return nil, fmt.Errorf("newsroom: %s: %w", path, err)
		}
		if _, _, err := parseHash(u.Hash); err != nil {
			return nil, fmt.Errorf("newsroom: %s: account %s: %w", path, u.Name, err)
		}
		a.users[u.Name] = u
	}
	return a, nil
}

// check refuses parameters argon2 cannot take or stored hashes may not
// ask for.
func (p hashParams) check() error {
	if p.Time < 1 || p.Time > maxHashTime || p.Threads < 1 || p.Threads > maxHashThreads ||
		p.MemoryKiB < 8*uint32(p.Threads) || p.MemoryKiB > maxHashMemory {
		return fmt.Errorf("newsroom: password hashing parameters out of range: t=%d, m=%d KiB, p=%d", p.Time, p.MemoryKiB, p.Threads)
	}
	return nil
}

// count is the number of accounts.
func (a *accounts) count() int {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return len(a.users)
}

// set makes the account name with the password, or gives an existing one
// the new password, and saves the file; it reports whether the account is
// new.
func (a *accounts) set(name, password string, now time.Time) (bool, error) {
	if err := checkName(name); err != nil {
		return false, err
	}
	if err := checkPassword(password); err != nil {
		return false, err
	}
	a.slots <- struct{}{}
	hash, err := hashPassword(password, a.params)
	<-a.slots
	if err != nil {
		return false, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	old, exists := a.users[name]
	u := account{Name: name, Hash: hash, Created: now.UTC()}
	if exists {
		u.Created = old.Created
	}
	a.users[name] = u
	if err := a.save(); err != nil {
		if exists {
			a.users[name] = old
		} else {
			delete(a.users, name)
		}
		return false, err
	}
	return !exists, nil
}

// save writes the accounts to the file, whole or not at all; a.mu is held.
func (a *accounts) save() error {
	if a.path == "" {
		return nil
	}
	file := accountsFile{Moderators: make([]account, 0, len(a.users))}
	for _, u := range a.users {
		file.Moderators = append(file.Moderators, u)
	}
	slices.SortFunc(file.Moderators, func(x, y account) int { return strings.Compare(x.Name, y.Name) })
	body, err := json.MarshalIndent(file, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(a.path), 0o700); err != nil {
		return fmt.Errorf("newsroom: %w", err)
	}
	err = atomicfile.Write(a.path, 0o600, func(w io.Writer) error {
		_, err := w.Write(append(body, '\n'))
		return err
	})
	if err != nil {
		return fmt.Errorf("newsroom: saving %s: %w", a.path, err)
	}
	return nil
}

// verify reports whether the password is the account's. An unknown name
// costs a hash too, so that the time of the answer does not tell which
// names exist. It waits for a hashing slot until ctx ends.
func (a *accounts) verify(ctx context.Context, name, password string) (bool, error) {
	a.mu.RLock()
	u, ok := a.users[name]
	a.mu.RUnlock()
	hash := u.Hash
	if !ok {
		hash = a.dummy()
	}
	if len(password) > maxPassword {
		password = password[:maxPassword]
		ok = false
	}
	select {
	case a.slots <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-a.slots }()
	match, err := checkHash(hash, password)
	return ok && match, err
}

// checkName refuses an account name that is not 1 to maxName bytes of
// lower-case ASCII letters, digits, '.', '_' and '-', starting with a
// letter or a digit: a name that reads the same in a log, a file and a
// terminal.
func checkName(name string) error {
	if name == "" || len(name) > maxName {
		return fmt.Errorf("newsroom: an account name has 1 to %d characters", maxName)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case (c == '.' || c == '_' || c == '-') && i > 0:
		default:
			return fmt.Errorf("newsroom: account name %q: use lower-case letters a-z, digits and . _ - (not first)", name)
		}
	}
	return nil
}

// checkPassword refuses a password shorter than minPassword characters,
// longer than maxPassword bytes, or not UTF-8.
func checkPassword(password string) error {
	switch n := utf8.RuneCountInString(password); {
	case !utf8.ValidString(password):
		return errors.New("newsroom: the password is not UTF-8 text")
	case n < minPassword:
		return fmt.Errorf("newsroom: the password has %d characters: use at least %d", n, minPassword)
	case len(password) > maxPassword:
		return fmt.Errorf("newsroom: the password is longer than %d bytes", maxPassword)
	}
	return nil
}

var b64 = base64.RawStdEncoding

// hashPassword hashes a password with argon2id under a fresh salt, as a
// PHC string.
func hashPassword(password string, p hashParams) (string, error) {
	if err := p.check(); err != nil {
		return "", err
	}
	salt := make([]byte, saltBytes)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	tag := argon2.IDKey([]byte(password), salt, p.Time, p.MemoryKiB, p.Threads, tagBytes)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.MemoryKiB, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(tag)), nil
}

// parseHash reads a PHC string of hashPassword, refusing parameters out of
// bounds.
func parseHash(hash string) (hashParams, [2][]byte, error) {
	var p hashParams
	var parts [2][]byte
	fields := strings.Split(hash, "$")
	if len(fields) != 6 || fields[0] != "" || fields[1] != "argon2id" || fields[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, parts, errors.New("not an argon2id hash of version 19")
	}
	var threads uint32
	if n, err := fmt.Sscanf(fields[3], "m=%d,t=%d,p=%d", &p.MemoryKiB, &p.Time, &threads); n != 3 || err != nil || threads > maxHashThreads {
		return p, parts, errors.New("unreadable argon2id parameters")
	}
	p.Threads = uint8(threads)
	if err := p.check(); err != nil {
		return p, parts, err
	}
	for i, f := range fields[4:] {
		b, err := b64.DecodeString(f)
		if err != nil || len(b) < saltBytes {
			return p, parts, errors.New("unreadable argon2id salt or tag")
		}
		parts[i] = b
	}
	return p, parts, nil
}

// checkHash reports whether the password hashes to hash.
func checkHash(hash, password string) (bool, error) {
	p, parts, err := parseHash(hash)
	if err != nil {
		return false, err
	}
	tag := argon2.IDKey([]byte(password), parts[0], p.Time, p.MemoryKiB, p.Threads, uint32(len(parts[1])))
	return subtle.ConstantTimeCompare(tag, parts[1]) == 1, nil
}

// addModerator makes an account, or gives one a new password, in
// DIR/moderators.json, for -add-moderator: the password comes from in,
// asked twice on a terminal, whose echo quiet turns off while it is typed
// (noEcho), and read once, as the first line, when piped (quiet is nil).
func addModerator(dir, name string, in io.Reader, quiet func() (func(), error), out io.Writer, params hashParams, now time.Time) error {
	if dir == "" {
		return errors.New("newsroom: -add-moderator needs -data DIR, where the accounts are kept (DIR/" + accountsName + ")")
	}
	if err := checkName(name); err != nil {
		return err
	}
	a, err := newAccounts(filepath.Join(dir, accountsName), params)
	if err != nil {
		return err
	}
	r := bufio.NewReaderSize(in, maxPassword+2)
	password, err := readPassword(r, quiet, out, "Mật khẩu cho "+name+": ")
	if err != nil {
		return err
	}
	if quiet != nil {
		again, err := readPassword(r, quiet, out, "Nhập lại mật khẩu: ")
		if err != nil {
			return err
		}
		if subtle.ConstantTimeCompare([]byte(password), []byte(again)) != 1 {
			return errors.New("newsroom: the two passwords differ: nothing was changed")
		}
	}
	created, err := a.set(name, password, now)
	if err != nil {
		return err
	}
	if created {
		fmt.Fprintf(out, "newsroom: moderator account %s added to %s\n", name, a.path)
	} else {
		fmt.Fprintf(out, "newsroom: moderator account %s has a new password (%s)\n", name, a.path)
	}
	return nil
}

// readPassword reads one line as a password, prompting on a terminal with
// the echo off (quiet not nil).
func readPassword(r *bufio.Reader, quiet func() (func(), error), out io.Writer, prompt string) (string, error) {
	if quiet != nil {
		fmt.Fprint(out, prompt)
		restore, err := quiet()
		if err != nil {
			return "", err
		}
		defer func() {
			restore()
			fmt.Fprintln(out)
		}()
	}
	line, err := r.ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull):
		return "", fmt.Errorf("newsroom: the password is longer than %d bytes", maxPassword)
	case err != nil && !errors.Is(err, io.EOF):
		return "", fmt.Errorf("newsroom: reading the password: %w", err)
	case err != nil && len(line) == 0:
		return "", errors.New("newsroom: no password given on the standard input")
	}
	line = bytes.TrimSuffix(bytes.TrimSuffix(line, []byte("\n")), []byte("\r"))
	return string(line), nil
}

// oneTimeAccount gives the accounts, when they have none, the account
// oneTimeUser for this run only (never saved) with the password, or a
// random one when it is "", which it returns for the start-up line. It
// returns "" when there are accounts already or the password was given.
func (a *accounts) oneTimeAccount(password string, now time.Time) (string, error) {
	if a.count() > 0 {
		return "", nil
	}
	shown := ""
	if password == "" {
		password = rand.Text()
		shown = password
	}
	if err := checkPassword(password); err != nil {
		return "", err
	}
	hash, err := hashPassword(password, a.params)
	if err != nil {
		return "", err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.users[oneTimeUser] = account{Name: oneTimeUser, Hash: hash, Created: now.UTC()}
	a.temporary = true
	return shown, nil
}

// known reports whether the account exists.
func (a *accounts) known(name string) bool {
	a.mu.RLock()
	defer a.mu.RUnlock()
	_, ok := a.users[name]
	return ok
}

// runOnly reports whether the one account is the run's "admin" of
// oneTimeAccount.
func (a *accounts) runOnly() bool {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.temporary
}
