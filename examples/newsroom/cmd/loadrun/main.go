// Command loadrun measures the newsroom demo's article page with a big
// comment store against an empty one. It builds the demo, starts it twice
// on loopback (an empty data folder, then one whose binhluan.db holds -n
// comments, -on of them on the article measured), sends the same bounded
// run of GET requests of the article page from -clients concurrent
// clients to each, and prints requests per second and latencies of both,
// with the demo's settings and again with its listing cache off:
//
//	go run ./examples/newsroom/cmd/loadrun
//
// The database of -n comments is built once into -cache under a name that
// holds the schema version and the layout, and reused by later runs. Each
// run is bounded by -requests and -time. It exits with status 1 when the
// big store serves fewer than -target times the empty store's requests
// per second.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/sqlstore"
)

const pkg = "github.com/binhluan/binhluan/examples/newsroom"

// layout changes whenever fill lays the comments out differently, so a
// cached database of an older layout is not reused.
const layout = 1

type options struct {
	n, on, clients, requests, warmup int
	limit                            time.Duration
	article, cache                   string
	target                           float64
}

func main() {
	var o options
	flag.IntVar(&o.n, "n", 1_000_000, "comments in the big store")
	flag.IntVar(&o.on, "on", 300, "of them, comments on the article measured")
	flag.IntVar(&o.clients, "clients", 4, "concurrent clients")
	flag.IntVar(&o.requests, "requests", 20000, "requests measured on each store")
	flag.IntVar(&o.warmup, "warmup", 200, "requests sent before measuring")
	flag.DurationVar(&o.limit, "time", time.Minute, "longest measurement on each store")
	flag.StringVar(&o.article, "article", "long-bien", "ID of the demo article measured (its file name under content/SECTION/)")
	flag.StringVar(&o.cache, "cache", os.TempDir(), "folder of the cached big database")
	flag.Float64Var(&o.target, "target", 0.8, "least ratio of the big store's rate to the empty store's")
	flag.Parse()
	log.SetFlags(0)
	if o.n < o.on || o.on < 1 || o.clients < 1 || o.requests < o.clients {
		log.Fatal("loadrun: want 1 ≤ -on ≤ -n and -requests ≥ -clients")
	}
	ok, err := run(o)
	if err != nil {
		log.Fatal("loadrun: ", err)
	}
	if !ok {
		os.Exit(1)
	}
}

func run(o options) (bool, error) {
	// An interrupt stops the run and the servers it started.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	dir, err := goList(ctx)
	if err != nil {
		return false, err
	}
	slug, err := articleSlug(filepath.Join(dir, "content"), o.article)
	if err != nil {
		return false, err
	}
	work, err := os.MkdirTemp("", "loadrun-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "newsroom")
	if out, err := exec.CommandContext(ctx, "go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
		return false, fmt.Errorf("go build: %v\n%s", err, out)
	}
	big := filepath.Join(o.cache, fmt.Sprintf("newsroom-load-s%d-l%d-n%d-on%d-%s.db", sqlstore.SchemaVersion(), layout, o.n, o.on, o.article))
	if err := ensureDB(ctx, big, o); err != nil {
		return false, err
	}
	path := "/bai-viet/" + slug
	fmt.Printf("GET %s, %d clients, %d requests after %d to warm up (at most %v)\n", path, o.clients, o.requests, o.warmup, o.limit)
	// With the demo's settings, then with its listing cache off, which
	// shows what listing and rendering a page of comments costs.
	var results []result
	for i, phase := range []struct {
		name, db string
		flags    []string
	}{
		{"empty store", "", nil},
		{fmt.Sprintf("%d comments", o.n), big, nil},
		{"empty, no cache", "", []string{"-listing-cache", "0"}},
		{fmt.Sprintf("%d, no cache", o.n), big, []string{"-listing-cache", "0"}},
	} {
		data := filepath.Join(work, fmt.Sprintf("data-%d", i))
		if err := os.Mkdir(data, 0o700); err != nil {
			return false, err
		}
		if phase.db != "" {
			if err := copyFile(phase.db, filepath.Join(data, "binhluan.db")); err != nil {
				return false, err
			}
		}
		// Every client is one loopback address, which the demo's limits
		// per sender would turn away after a burst: the run measures the
		// page, so they are off.
		r, err := measure(ctx, append([]string{bin, "-data", data, "-addr", "127.0.0.1:0", "-no-limits"}, phase.flags...), path, o)
		if err != nil {
			return false, fmt.Errorf("%s: %w", phase.name, err)
		}
		results = append(results, r)
		fmt.Printf("%-24s %7.0f req/s  p50 %6.2f ms  p99 %6.2f ms  (%d requests in %v)\n",
			phase.name, r.rate(), ms(r.quantile(0.50)), ms(r.quantile(0.99)), len(r.latencies), r.elapsed.Round(time.Millisecond))
	}
	ratio := results[1].rate() / results[0].rate()
	fmt.Printf("ratio %.2f (target ≥ %.2f); without the listing cache %.2f\n", ratio, o.target, results[3].rate()/results[2].rate())
	return ratio >= o.target, nil
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// goList returns the demo's source folder.
func goList(ctx context.Context) (string, error) {
	out, err := exec.CommandContext(ctx, "go", "list", "-f", "{{.Dir}}", pkg).Output()
	if err != nil {
		return "", fmt.Errorf("go list %s: %w", pkg, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// articleSlug reads the file of the demo article id, in one of the
// section folders under content, and returns the slug its page is served
// under.
func articleSlug(content, id string) (string, error) {
	paths, err := filepath.Glob(filepath.Join(content, "*", id+".txt"))
	if err != nil {
		return "", err
	}
	if len(paths) != 1 {
		return "", fmt.Errorf("-article %s: %d files %s.txt in the sections of %s, want one", id, len(paths), id, content)
	}
	path := paths[0]
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	a, err := article.Parse(f)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return a.EnsureSlug(), nil
}

// ensureDB builds the big database at path unless a previous run did.
func ensureDB(ctx context.Context, path string, o options) error {
	if _, err := os.Stat(path); err == nil {
		fmt.Printf("big store: %s (cached)\n", path)
		return nil
	}
	start := time.Now()
	tmp := path + ".building"
	for _, f := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		os.Remove(f)
	}
	st, err := sqlstore.Open(ctx, tmp, nil)
	if err != nil {
		return err
	}
	if err := fill(ctx, st, o); err != nil {
		st.Close()
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	fmt.Printf("big store: built %s in %v\n", path, time.Since(start).Round(time.Second))
	return nil
}

// fill adds o.n comments, o.on of them on o.article, in batches of one
// transaction each. The article's comments are a thread as readers leave
// them: every fourth a reply to the last approved top-level one, one in
// ten held for a moderator, one in twenty spam. The others go to other
// articles, 200 each, with the same mix.
func fill(ctx context.Context, st *sqlstore.Store, o options) error {
	const batch = 10_000
	t0 := time.Date(2026, 1, 5, 7, 0, 0, 0, article.Vietnam())
	var parent string
	cs := make([]comment.Comment, 0, batch)
	flush := func() error {
		_, err := st.AddMany(ctx, cs)
		cs = cs[:0]
		return err
	}
	for i := range o.n {
		c := comment.Comment{
			ID:        fmt.Sprintf("%026d", i), // digits only: no clash with the demo's base32 IDs
			ArticleID: fmt.Sprintf("bai-%d", i/200),
			Name:      "Nguyễn Thị Lan",
			Title:     "Ý kiến bạn đọc",
			Content:   fmt.Sprintf("Bình luận thứ %d: mong thành phố sớm hoàn thành công trình.", i),
			CreatedAt: t0.Add(time.Duration(i) * time.Second),
			Status:    comment.Approved,
			Reason:    comment.ReasonModerator,
		}
		switch {
		case i%10 == 3:
			c.Status, c.Reason = comment.Pending, comment.ReasonHeld
		case i%20 == 11:
			c.Status, c.Reason = comment.Spam, comment.ReasonSpamFilter
		}
		// The article's comments are spread over the whole run, so its
		// rows lie among the others' as in a real database.
		if step := o.n / o.on; i%step == 0 && i/step < o.on {
			c.ArticleID = o.article
			if k := i / step; k%4 == 3 && parent != "" {
				c.ParentID = parent
			} else if c.Status == comment.Approved {
				parent = c.ID
			}
		}
		cs = append(cs, c)
		if len(cs) == batch {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if len(cs) > 0 {
		return flush()
	}
	return nil
}

// copyFile copies the database so each run starts from the same file.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// result is one measurement.
type result struct {
	latencies []time.Duration // sorted
	elapsed   time.Duration
}

func (r result) rate() float64 { return float64(len(r.latencies)) / r.elapsed.Seconds() }

func (r result) quantile(q float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.latencies[min(len(r.latencies)-1, int(q*float64(len(r.latencies))))]
}

// measure starts the demo with argv, on a free loopback port, and sends
// it the run of requests.
func measure(ctx context.Context, argv []string, path string, o options) (result, error) {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "BINHLUAN_ADMIN_PASSWORD=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return result{}, err
	}
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	}()
	base, err := listening(stderr)
	if err != nil {
		return result{}, err
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.clients}, Timeout: 10 * time.Second}
	get := func() error {
		res, err := client.Get(base + path)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err == nil && res.StatusCode != http.StatusOK {
			err = fmt.Errorf("GET %s: %s", path, res.Status)
		}
		return err
	}
	for range o.warmup {
		if err := get(); err != nil {
			return result{}, err
		}
	}
	ctx, cancel := context.WithTimeout(ctx, o.limit)
	defer cancel()
	var (
		left  atomic.Int64
		mu    sync.Mutex
		lat   = make([]time.Duration, 0, o.requests)
		first error
		wg    sync.WaitGroup
	)
	left.Store(int64(o.requests))
	start := time.Now()
	for range o.clients {
		wg.Go(func() {
			mine := make([]time.Duration, 0, o.requests/o.clients+1)
			for ctx.Err() == nil && left.Add(-1) >= 0 {
				t := time.Now()
				if err := get(); err != nil {
					mu.Lock()
					first = errors.Join(first, err)
					mu.Unlock()
					cancel()
					break
				}
				mine = append(mine, time.Since(t))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if first != nil {
		return result{}, first
	}
	slices.Sort(lat)
	return result{latencies: lat, elapsed: elapsed}, nil
}

// listening reads the demo's log until it says where it listens, and
// passes the rest on to this program's stderr.
func listening(stderr io.Reader) (string, error) {
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		if _, rest, ok := strings.Cut(line, "listening on "); ok {
			url, _, _ := strings.Cut(rest, "/ ")
			if !strings.HasPrefix(url, "http://127.0.0.1:") {
				return "", fmt.Errorf("the demo listens on %s, not loopback", url)
			}
			go func() { _, _ = io.Copy(io.Discard, stderr) }()
			return url, nil
		}
		fmt.Fprintln(os.Stderr, line)
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", errors.New("the demo stopped before listening")
}
