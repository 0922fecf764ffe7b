// Package redistest starts a real redis-server for tests: on a free
// loopback port, in a temporary folder, with persistence off, stopped when
// the test ends. Without redis-server on PATH the test is skipped with a
// message, or fails when BINHLUAN_REQUIRE_SERVICES=1 (as .ci/run sets after
// installing it), so a missing service never passes silently in CI.
//
// A Server is used by one test; its methods are not safe for concurrent
// use, but the clients it hands out are.
package redistest

import (
	"context"
	"net"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/binhluan/binhluan/internal/testenv"
	"github.com/redis/go-redis/v9"
)

// Server is a redis-server a test started.
type Server struct {
	tb   testing.TB
	path string
	port int
	dir  string
	cmd  *exec.Cmd
}

// Start starts a redis-server for tb and stops it at cleanup.
func Start(tb testing.TB) *Server {
	tb.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		testenv.Skip(tb, "redis-server not found on PATH (%v): apt-get install redis-server", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("pick a free port: %v", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s := &Server{tb: tb, path: path, port: port, dir: tb.TempDir()}
	s.Start()
	tb.Cleanup(s.Stop)
	return s
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

// Start runs the server (again, after Stop) on the same port and folder
// and waits, at most 10 seconds, until it answers PING.
func (s *Server) Start() {
	s.tb.Helper()
	cmd := exec.Command(s.path,
		"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", s.dir)
	if err := cmd.Start(); err != nil {
		s.tb.Fatalf("start redis-server: %v", err)
	}
	s.cmd = cmd
	rdb := redis.NewClient(&redis.Options{Addr: s.Addr(), MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	defer rdb.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		err := rdb.Ping(ctx).Err()
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			s.Stop()
			s.tb.Fatalf("redis-server on %s did not answer PING within 10s: %v", s.Addr(), err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop kills the server and waits for it to exit; it does nothing when the
// server is not running.
func (s *Server) Stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

// Client returns a new client of the server, closed at cleanup, that
// honours context deadlines and does not retry, so that failures show at
// once.
func (s *Server) Client() *redis.Client {
	rdb := redis.NewClient(&redis.Options{
		Addr:                  s.Addr(),
		ContextTimeoutEnabled: true,
		MaxRetries:            -1,
		DialTimeout:           time.Second,
		PoolSize:              64,
	})
	s.tb.Cleanup(func() { rdb.Close() })
	return rdb
}
