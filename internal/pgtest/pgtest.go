// Package pgtest starts a real PostgreSQL server for tests: a new cluster
// made by initdb in a temporary folder, listening on a free loopback port
// only, stopped and removed when the test ends. Each test takes a fresh
// database of its own from it with [Server.Database].
//
// The server programs are found on PATH or under /usr/lib/postgresql/*/bin,
// where Debian's postgresql package puts them. PostgreSQL refuses to run as
// root, so as root the cluster belongs to the user "postgres" (which that
// package creates) and initdb and pg_ctl run through runuser. Without the
// programs, or as root without that user, the test is skipped with a
// message, or fails when BINHLUAN_REQUIRE_SERVICES=1 (as .ci/run sets after
// installing the package), so a missing service never passes silently in
// CI.
//
// A Server is used by one test and its subtests; Database is safe for
// concurrent use, the other methods are not.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver

	"github.com/binhluan/binhluan/internal/testenv"
)

// Server is a PostgreSQL cluster a test started.
type Server struct {
	tb      testing.TB
	bin     string // folder of initdb, pg_ctl and postgres
	dir     string // holds data/, the log and the socket
	port    int
	owner   string // user the cluster runs as; "" for the current one
	running bool
	dbs     atomic.Int64
}

// Start makes a cluster for tb, starts it, and stops and removes it at
// cleanup.
func Start(tb testing.TB) *Server {
	tb.Helper()
	return StartIn(tb, "")
}

// StartIn is Start with the cluster in dir, an empty folder, such as a
// small file system mounted for a disk-full test; "" makes a temporary
// one. As root, dir is given to the user postgres.
func StartIn(tb testing.TB, dir string) *Server {
	tb.Helper()
	bin, err := findBin()
	if err != nil {
		unavailable(tb, err.Error())
	}
	owner := ""
	if os.Geteuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			unavailable(tb, "running as root, and PostgreSQL will not: no user \"postgres\" to run it as ("+err.Error()+")")
		}
		if _, err := exec.LookPath("runuser"); err != nil {
			unavailable(tb, "running as root, and PostgreSQL will not: no runuser to switch to user \"postgres\"")
		}
		owner = "postgres"
	}
	// Not tb.TempDir: its parent folders are private to the current user,
	// and as root the cluster's owner must reach this one.
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "binhluan-pgtest-"); err != nil {
			tb.Fatalf("pgtest: make a folder: %v", err)
		}
		tb.Cleanup(func() { os.RemoveAll(dir) })
	}
	s := &Server{tb: tb, bin: bin, dir: dir, owner: owner}
	if owner != "" {
		u, _ := user.Lookup(owner)
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			tb.Fatalf("pgtest: give %s to %s: %v", dir, owner, err)
		}
	}
	s.port = freePort(tb)
	out, err := s.run("initdb", "-D", s.DataDir(), "-U", "postgres", "-A", "trust",
		"-E", "UTF8", "--locale=C", "--no-sync", "--wal-segsize=1")
	if err != nil {
		tb.Fatalf("pgtest: initdb: %v\n%s", err, out)
	}
	tb.Cleanup(s.Stop)
	s.Start()
	return s
}

// unavailable skips tb, or fails it when BINHLUAN_REQUIRE_SERVICES=1.
func unavailable(tb testing.TB, why string) {
	tb.Helper()
	testenv.Skip(tb, "pgtest: %s: tests against a real PostgreSQL need it (apt-get install postgresql)", why)
}

// findBin returns the folder of pg_ctl, initdb and postgres: PATH first,
// then the newest version under /usr/lib/postgresql.
func findBin() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return vb - va
	})
	for _, dir := range dirs {
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir, nil
		}
	}
	return "", errors.New("no initdb and pg_ctl on PATH or under /usr/lib/postgresql/*/bin")
}

func freePort(tb testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("pgtest: pick a free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// run runs one of the server's programs as the cluster's owner.
func (s *Server) run(program string, args ...string) ([]byte, error) {
	path := filepath.Join(s.bin, program)
	var cmd *exec.Cmd
	if s.owner != "" {
		cmd = exec.Command("runuser", append([]string{"-u", s.owner, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = s.dir
	return cmd.CombinedOutput()
}

// DataDir is the cluster's data folder.
func (s *Server) DataDir() string { return filepath.Join(s.dir, "data") }

// Addr is the server's host:port.
func (s *Server) Addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

// URL returns the address of a database of the server, as user postgres,
// for pgx and for sqlstore.Open.
func (s *Server) URL(database string) string {
	return "postgres://postgres@" + s.Addr() + "/" + database + "?sslmode=disable"
}

// Log returns what the server has logged so far, to show in a failing
// test or to check how the server took a fault.
func (s *Server) Log() string {
	b, _ := os.ReadFile(filepath.Join(s.dir, "log"))
	return string(b)
}

// Start runs the server (again, after Stop or Kill) on the same port and
// cluster and waits, at most 60 seconds, until it takes connections.
// Crash recovery after Kill happens here.
func (s *Server) Start() {
	s.tb.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=100", s.port, s.dir)
	out, err := s.run("pg_ctl", "-D", s.DataDir(), "-l", filepath.Join(s.dir, "log"),
		"-w", "-t", "60", "-o", opts, "start")
	if err != nil {
		s.tb.Fatalf("pgtest: pg_ctl start: %v\n%s\nserver log:\n%s", err, out, s.Log())
	}
	s.running = true
}

// Stop shuts the server down at once (pg_ctl's immediate mode) and waits
// until it has; it does nothing when the server is not running, also when
// it stopped by itself (after a PANIC whose recovery failed, say).
func (s *Server) Stop() {
	if !s.running {
		return
	}
	s.running = false
	var exit *exec.ExitError
	if _, err := s.run("pg_ctl", "-D", s.DataDir(), "status"); errors.As(err, &exit) && exit.ExitCode() == 3 {
		return // pg_ctl status: no server running
	}
	if out, err := s.run("pg_ctl", "-D", s.DataDir(), "-m", "immediate", "-w", "stop"); err != nil {
		s.tb.Errorf("pgtest: pg_ctl stop: %v\n%s", err, out)
	}
}

// Kill sends SIGKILL to the server and every process of it, as a crash
// or the kernel's out-of-memory killer would, and waits until they are
// gone. Start runs crash recovery.
func (s *Server) Kill() {
	s.tb.Helper()
	if !s.running {
		return
	}
	pid, err := s.postmasterPID()
	if err != nil {
		s.tb.Fatalf("pgtest: %v", err)
	}
	// pg_ctl starts the server in a session of its own, so its process
	// group holds the postmaster and all its children.
	if err := syscall.Kill(-pid, syscall.SIGKILL); err != nil {
		s.tb.Fatalf("pgtest: kill the server's processes: %v", err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for syscall.Kill(-pid, 0) == nil {
		if time.Now().After(deadline) {
			s.tb.Fatalf("pgtest: the server's processes did not end within 30s of SIGKILL")
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.running = false
}

func (s *Server) postmasterPID() (int, error) {
	b, err := os.ReadFile(filepath.Join(s.DataDir(), "postmaster.pid"))
	if err != nil {
		return 0, fmt.Errorf("read the server's pid: %w", err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || pid <= 0 {
		return 0, fmt.Errorf("bad pid %q in postmaster.pid", line)
	}
	return pid, nil
}

// Database creates a new, empty database and returns its URL. Tests that
// share a Server stay apart this way.
func (s *Server) Database(tb testing.TB) string {
	tb.Helper()
	name := "t" + strconv.FormatInt(s.dbs.Add(1), 10)
	db, err := sql.Open("pgx", s.URL("postgres"))
	if err != nil {
		tb.Fatalf("pgtest: connect: %v", err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("pgtest: create database %s: %v", name, err)
	}
	return s.URL(name)
}
