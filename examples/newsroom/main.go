// Command newsroom serves binhluan's seed article, and a few more written
// for the demo, as a small Vietnamese news site:
//
//	go run ./examples/newsroom -addr 127.0.0.1:8080
//
// The home page lists the articles; each article page is laid out like the
// seed page, with its series heading, title and stamp, source tag, lead,
// body with the image caption, byline, and the "Các bài mới đăng" / "Các
// bài đã đăng" lists, then the approved comments and the form "Viết bình
// luận" with its captcha; "Báo vi phạm" under each comment opens a form,
// without JavaScript, to report it. Comments are screened by binhluan's
// comment, captcha and classify packages (with the default word list,
// changed by -words FILE, and the bans and trust of the desk) and held
// for a moderator at the desk, /quan-tri, whose decisions teach the spam
// filter and are kept in an audit log under the moderator's name.
//
// Moderators sign in at /quan-tri/dang-nhap with accounts of their own,
// kept in DIR/moderators.json (passwords hashed with argon2id):
//
//	go run ./examples/newsroom -data DIR -add-moderator thu.ha
//
// asks for the password twice (12 characters or more; read once from a
// pipe) and exits; the server reads the accounts when it starts. With no
// account, the site makes one for the run, "admin", with the password of
// the environment variable BINHLUAN_ADMIN_PASSWORD or of the file named by
// -admin-password-file (its first line), never of a flag, which any user
// of the machine could read in the process list; with neither, a random
// password shown once in the start-up log. Sessions last 8 hours without
// a request. After three wrong passwords in a row from one address, or
// for one account, the next attempt waits a second, then twice as long
// after each further one, up to 15 minutes. With -webhook URL and
// -webhook-secret-file, readers' reports and takedown requests, and
// takedowns near their deadline, are posted to the URL (comment/notify).
// The desk speaks Vietnamese, or English under -lang en.
//
// Everything it serves is embedded in the binary; with -data DIR the
// comments (the SQLite database binhluan.db), the model (model.blnb, or
// shared-model.blrc with -redis: the model and its place in the stream of
// lessons) and the form-token key (form-key) are kept there, readable by
// their owner only. The comments hold readers' phone numbers: keep DIR out
// of a source checkout and out of backups you share. Without -data or
// -db the comments live in an SQLite database in memory.
//
// With -db postgres://… the comments are kept in PostgreSQL instead, and
// with -redis too (captchas and the spam filter's lessons) several servers
// share everything: give them the same form-key file. A comments.jsonl
// left in DIR by an earlier version of the demo is imported once into the
// store and renamed comments.jsonl.imported.
//
// The article page shows the approved comments 20 at a time, replies
// under the comment they answer, with "Xem thêm bình luận" for the next
// ones; "Trả lời" opens the form as a reply. That part of the page is the
// same for every reader and is reused for -listing-cache (a second by
// default): another server's changes show within that time, this
// server's at once. The moderation pages also
// export, as JSON, or erase everything left under one phone number.
//
// Beside "Mã xác nhận" the form shows ALTCHA's widget when the browser
// runs JavaScript: it solves a proof of work from /captcha/work, and the
// reader need not type the digits (-proof either, the default; image or
// work take one alone). The widget's files (npm altcha 2.3.0, its
// dist_external folder, which .ci/run installs in the cache) are served
// by the demo itself from -altcha DIR; without them the form has the
// image alone. Each address, and each /24 or /64, may take challenges
// (pages, images, proofs of work) and post only so often, answered 429
// with Retry-After past that (-no-limits turns this off); behind a
// reverse proxy, name it with -trusted-proxy so that its X-Forwarded-For
// is read. With -redis the spent challenges and the limits are shared.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/netip"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/binhluan/binhluan/captcha"
)

// options are the command line's settings.
type options struct {
	addr, data, db, lang, redisURL, passwordFile string
	listingTTL                                   time.Duration
	// The captcha's settings: the widget's folder, what the form takes,
	// whether senders are limited, and the proxies trusted to name them.
	altcha, proof string
	noLimits      bool
	trusted       []netip.Prefix
	// The moderation desk's: an account to add, the webhook and its
	// secret's file, a word list.
	addModerator, webhook, webhookSecretFile, words string
}

// parseFlags reads the command line's flags from args, writing what is
// wrong and the usage to stderr on an error.
func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("newsroom", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&o.data, "data", "", "folder to keep comments (binhluan.db), the spam model and the form key in, outside any source checkout (memory only when empty)")
	fs.StringVar(&o.db, "db", "", "PostgreSQL URL (postgres://user@host/db) to keep the comments in, shared by several servers (with -redis)")
	fs.DurationVar(&o.listingTTL, "listing-cache", time.Second, "how long the comments of an article page are reused for every reader (0: rendered for each)")
	fs.StringVar(&o.lang, "lang", "vi", "language of the moderation desk and, unless the reader's browser asks for the other, of the form's messages: vi or en")
	fs.StringVar(&o.passwordFile, "admin-password-file", "", "file whose first line is the password of the account admin made for the run when there is no moderator account (or set $BINHLUAN_ADMIN_PASSWORD; random and shown once when neither)")
	fs.StringVar(&o.addModerator, "add-moderator", "", "add the moderator account `NAME` (or give it a new password) to DIR/moderators.json of -data, with the password read from the standard input, and exit")
	fs.StringVar(&o.webhook, "webhook", "", "`URL` told of readers' reports and takedown requests (needs -webhook-secret-file)")
	fs.StringVar(&o.webhookSecretFile, "webhook-secret-file", "", "file whose first line is the webhook's signing secret, 32 bytes or more")
	fs.StringVar(&o.words, "words", "", "word list `FILE` (comment/wordlist's format) whose entries add to the default list, or drop from it")
	fs.StringVar(&o.redisURL, "redis", "", "Redis URL (redis://host:6379/0) for captchas and moderators' lessons shared by several servers")
	fs.StringVar(&o.altcha, "altcha", "", "folder of ALTCHA's widget (npm altcha "+altchaVersion+", its dist_external), served by the demo for the proof of work (default $"+altchaEnv+", or the one .ci/run installs; the image captcha alone when none)")
	fs.StringVar(&o.proof, "proof", "", "what the form takes as its captcha: image (the digits), work (the proof of work, which needs JavaScript) or either (default either)")
	fs.BoolVar(&o.noLimits, "no-limits", false, "do not limit how often one address or /24 (/64) takes captchas and posts")
	fs.Func("trusted-proxy", "address or prefix of a reverse proxy whose X-Forwarded-For names the client (repeat, or separate by commas; none by default)", func(v string) error {
		p, err := parseTrusted(strings.Split(v, ","))
		o.trusted = append(o.trusted, p...)
		return err
	})
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		err := fmt.Errorf("newsroom: unexpected argument %q", fs.Arg(0))
		fmt.Fprintln(stderr, err)
		return o, err
	}
	return o, nil
}

// passwordEnv is the environment variable of the admin password.
const passwordEnv = "BINHLUAN_ADMIN_PASSWORD"

// maxPasswordFile bounds what adminPassword reads of a password file.
const maxPasswordFile = 4 << 10

// adminPassword returns the admin password: the value of passwordEnv from
// getenv, or the first line of the file named file; "" when neither is set,
// and an error when both are, or the file cannot be read or is empty.
func adminPassword(file string, getenv func(string) string) (string, error) {
	env := getenv(passwordEnv)
	switch {
	case file == "":
		return env, nil
	case env != "":
		return "", fmt.Errorf("newsroom: both %s and -admin-password-file are set: use one", passwordEnv)
	}
	line, err := firstLine(file, maxPasswordFile)
	if err != nil {
		return "", fmt.Errorf("newsroom: -admin-password-file: %w", err)
	}
	return line, nil
}

func main() {
	o, err := parseFlags(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		os.Exit(2) // parseFlags has said why
	}
	if o.addModerator != "" {
		var quiet func() (func(), error)
		if isTerminal(os.Stdin) {
			quiet = noEcho
		}
		if err := addModerator(o.data, o.addModerator, os.Stdin, quiet, os.Stderr, defaultHash, time.Now()); err != nil {
			log.Print(err)
			os.Exit(1)
		}
		return
	}
	password, err := adminPassword(o.passwordFile, os.Getenv)
	if err != nil {
		log.Print(err)
		os.Exit(2)
	}
	cfg := siteConfig{DataDir: o.data, DB: o.db, Lang: o.lang, Password: password, ListingTTL: o.listingTTL,
		AltchaDir: cmp.Or(o.altcha, defaultAltchaDir(os.Getenv)), TrustedProxies: o.trusted, WordsFile: o.words}
	if cfg.Proof, err = captcha.ParseProof(cmp.Or(o.proof, "either")); err != nil {
		log.Printf("newsroom: -proof: %v", err)
		os.Exit(2)
	}
	if !o.noLimits {
		cfg.Limits = defaultLimits()
	}
	if err := webhookConfig(&cfg, o); err != nil {
		log.Print(err)
		os.Exit(2)
	}
	if o.redisURL != "" {
		opts, err := redis.ParseURL(o.redisURL)
		if err != nil {
			log.Printf("newsroom: -redis: %v", err)
			os.Exit(2)
		}
		opts.ContextTimeoutEnabled = true // so that request deadlines reach Redis
		client := redis.NewClient(opts)
		defer client.Close()
		cfg.Redis = client
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o.addr, cfg); err != nil {
		log.Print(err)
		os.Exit(1)
	}
}

// run serves the site on addr until ctx ends. It says where it listens
// only once the port is bound, so that a reader who opens the address at
// once finds the site, and a port already taken is an error before any
// such line.
func run(ctx context.Context, addr string, cfg siteConfig) error {
	site, err := newSite(cfg)
	if err != nil {
		return err
	}
	defer func() {
		if err := site.close(); err != nil {
			log.Print(err)
		}
	}()
	srv := &http.Server{
		Handler:           site,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    16 << 10,
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("newsroom: %w", err)
	}
	url := "http://" + l.Addr().String()
	log.Printf("newsroom: listening on %s/ with %d articles", url, site.archive.Len())
	if site.widget == nil {
		log.Printf("newsroom: no proof of work: the form has the image captcha alone (-altcha DIR gives the widget)")
	}
	logDesk(site, url)
	switch {
	case cfg.DataDir == "" && cfg.DB == "":
		log.Print("newsroom: comments and the spam model are kept in memory only (-data DIR keeps them)")
	case cfg.DataDir == "":
		log.Print("newsroom: the spam model and the form key are kept in memory only (-data DIR keeps them)")
	}
	followed := make(chan struct{})
	if cfg.Redis != nil {
		log.Print("newsroom: captchas, the limits per sender and the spam filter's lessons are shared through Redis")
		go func() { site.follow(ctx); close(followed) }()
	} else {
		close(followed)
	}
	watched := make(chan struct{})
	go func() { site.watchDeadlines(ctx); close(watched) }()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return fmt.Errorf("newsroom: %w", err)
	case <-ctx.Done():
	}
	log.Print("newsroom: shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdown)
	<-followed // so that the checkpoint saved at close is the last one
	<-watched
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("newsroom: shutdown: %w", err)
	}
	return nil
}
