// Command newsroom serves binhluan's seed article, and a few more written
// for the demo, as a small Vietnamese news site:
//
//	go run ./examples/newsroom -addr 127.0.0.1:8080
//
// The home page lists the articles; each article page is laid out like the
// seed page, with its series heading, title and stamp, source tag, lead,
// body with the image caption, byline, and the "Các bài mới đăng" / "Các
// bài đã đăng" lists, then the approved comments and the form "Viết bình
// luận" with its captcha. Comments are screened by binhluan's comment,
// captcha and classify packages and held for a moderator at /quan-tri
// (user "admin", the password from -admin-password or the environment
// variable BINHLUAN_ADMIN_PASSWORD; off without one), whose decisions teach
// the spam filter. Everything it serves is embedded in the binary; with
// -data DIR the comments, the model and the form-token key are kept there.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/redis/go-redis/v9"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	data := flag.String("data", "", "folder to keep comments, the spam model and the form key in (memory only when empty)")
	lang := flag.String("lang", "vi", "language of the form's messages: vi or en")
	password := flag.String("admin-password", "", "password of the moderation pages at /quan-tri, user admin (default $BINHLUAN_ADMIN_PASSWORD; off when empty)")
	redisURL := flag.String("redis", "", "Redis URL (redis://host:6379/0) for captchas and moderators' lessons shared by several servers")
	flag.Parse()
	if *password == "" {
		*password = os.Getenv("BINHLUAN_ADMIN_PASSWORD")
	}
	cfg := siteConfig{DataDir: *data, Lang: *lang, Password: *password}
	if *redisURL != "" {
		opts, err := redis.ParseURL(*redisURL)
		if err != nil {
			log.Printf("newsroom: -redis: %v", err)
			os.Exit(2)
		}
		opts.ContextTimeoutEnabled = true // so that request deadlines reach Redis
		client := redis.NewClient(opts)
		defer client.Close()
		cfg.Redis = client
	}
	if err := run(*addr, cfg); err != nil {
		log.Print(err)
		os.Exit(1)
	}
}

func run(addr string, cfg siteConfig) error {
	site, err := newSite(cfg)
	if err != nil {
		return err
	}
	defer site.close()
	srv := &http.Server{
		Addr:              addr,
		Handler:           site,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    16 << 10,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if cfg.Redis != nil {
		go site.follow(ctx)
		log.Print("newsroom: captchas and the spam filter's lessons are shared through Redis")
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Printf("newsroom: serving %d articles on http://%s/", site.archive.Len(), addr)
	if cfg.Password == "" {
		log.Print("newsroom: moderation is off: set -admin-password or BINHLUAN_ADMIN_PASSWORD to use /quan-tri")
	} else {
		log.Printf("newsroom: moderation on http://%s/quan-tri (user %s)", addr, adminUser)
	}
	if cfg.DataDir == "" {
		log.Print("newsroom: comments and the spam model are kept in memory only (-data DIR keeps them)")
	}
	select {
	case err := <-errc:
		return fmt.Errorf("newsroom: %w", err)
	case <-ctx.Done():
	}
	log.Print("newsroom: shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("newsroom: shutdown: %w", err)
	}
	return nil
}
