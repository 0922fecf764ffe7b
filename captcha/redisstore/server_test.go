package redisstore_test

import (
	"context"
	"net"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// server is a redis-server the test started itself, on a loopback port and a
// temporary directory, with persistence off.
type server struct {
	tb   testing.TB
	path string
	port int
	dir  string
	cmd  *exec.Cmd
}

// startServer starts a redis-server for tb and stops it at cleanup. Without
// redis-server on PATH it skips tb, or fails it when BINHLUAN_REQUIRE_SERVICES=1.
func startServer(tb testing.TB) *server {
	tb.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("BINHLUAN_REQUIRE_SERVICES") == "1" {
			tb.Fatalf("redis-server not found on PATH (%v) and BINHLUAN_REQUIRE_SERVICES=1: install it (apt-get install redis-server)", err)
		}
		tb.Skipf("redis-server not found on PATH (%v): skipping tests against a real Redis; set BINHLUAN_REQUIRE_SERVICES=1 to fail instead", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("pick a free port: %v", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s := &server{tb: tb, path: path, port: port, dir: tb.TempDir()}
	s.start()
	tb.Cleanup(s.stop)
	return s
}

func (s *server) addr() string { return "127.0.0.1:" + strconv.Itoa(s.port) }

// start runs redis-server on s's port and directory and waits, at most
// 10 seconds, until it answers PING.
func (s *server) start() {
	s.tb.Helper()
	cmd := exec.Command(s.path,
		"--port", strconv.Itoa(s.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", s.dir)
	if err := cmd.Start(); err != nil {
		s.tb.Fatalf("start redis-server: %v", err)
	}
	s.cmd = cmd
	rdb := redis.NewClient(&redis.Options{Addr: s.addr(), MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
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
			s.stop()
			s.tb.Fatalf("redis-server on %s did not answer PING within 10s: %v", s.addr(), err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop kills the server and waits for it to exit; it does nothing when the
// server is not running.
func (s *server) stop() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	s.cmd = nil
}

// client returns a new client of the server, closed at cleanup, that honours
// context deadlines and does not retry, so that failures show at once.
func (s *server) client() *redis.Client {
	rdb := redis.NewClient(&redis.Options{
		Addr:                  s.addr(),
		ContextTimeoutEnabled: true,
		MaxRetries:            -1,
		DialTimeout:           time.Second,
		PoolSize:              64,
	})
	s.tb.Cleanup(func() { rdb.Close() })
	return rdb
}

// newSilentClient returns a client of addr that honours context deadlines,
// closed at cleanup.
func newSilentClient(tb testing.TB, addr string) *redis.Client {
	rdb := redis.NewClient(&redis.Options{Addr: addr, ContextTimeoutEnabled: true, MaxRetries: -1})
	tb.Cleanup(func() { rdb.Close() })
	return rdb
}
