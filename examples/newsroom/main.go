// Command newsroom serves binhluan's seed article, and a few more written
// for the demo, as a small Vietnamese news site:
//
//	go run ./examples/newsroom -addr 127.0.0.1:8080
//
// The home page lists the articles; each article page is laid out like the
// seed page, with its series heading, title and stamp, source tag, lead,
// body with the image caption, byline, and the "Các bài mới đăng" / "Các
// bài đã đăng" lists. Everything it serves is embedded in the binary.
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
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()
	if err := run(*addr); err != nil {
		log.Print(err)
		os.Exit(1)
	}
}

func run(addr string) error {
	site, err := newSite()
	if err != nil {
		return err
	}
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
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	log.Printf("newsroom: serving %d articles on http://%s/", site.archive.Len(), addr)
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
