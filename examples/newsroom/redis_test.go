package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/captcha"
	"github.com/binhluan/binhluan/captcha/captchatest"
	"github.com/binhluan/binhluan/classify"
	"github.com/binhluan/binhluan/internal/redistest"
)

// TestSharedThroughRedis runs two servers of the demo on one real Redis, as
// -redis does: a captcha shown by one is answered on the other exactly
// once, and a lesson taught on one reaches the other's spam filter.
func TestSharedThroughRedis(t *testing.T) {
	srv := redistest.Start(t)
	// The servers of one site share the form key, and the captcha key
	// derived from it.
	dirA, dirB := t.TempDir(), t.TempDir()
	for _, dir := range []string{dirA, dirB} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "form-key"), bytes.Repeat([]byte{3}, 32), 0o600))
	}
	a, err := newSite(siteConfig{Redis: srv.Client(), DataDir: dirA})
	require.NoError(t, err)
	b, err := newSite(siteConfig{Redis: srv.Client(), DataDir: dirB})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { b.follow(ctx); close(done) }()
	defer func() { cancel(); <-done }()

	web := httptest.NewServer(a)
	defer web.Close()
	_, page, _ := get(t, web, "/bai-viet/long-bien-thong-xe-nut-giao-cau-vuot-vinh-tuy-nguyen-van-cu")
	id := hidden(t, page, "captcha_id")
	opener := captchatest.NewStore(nil)
	_, err = captcha.New(&captcha.Config{Store: opener, Key: captchaKey(a.key)})
	require.NoError(t, err)
	digits, found := opener.Answer(id)
	require.True(t, found, "the id opens with the site's key")

	ok, err := b.captchas.Verify(ctx, id, digits)
	require.NoError(t, err)
	assert.True(t, ok, "server B verifies what server A showed")
	ok, err = a.captchas.Verify(ctx, id, digits)
	require.NoError(t, err)
	assert.False(t, ok, "and only once, on any server")

	_, spamBefore := b.classifier().Docs()
	doc := classify.Document{Content: "Vay tiền nhanh trong ngày, ib zalo ngay"}
	require.NoError(t, a.teach(lesson{learn: true, class: classify.Spam, doc: doc}), "a moderator on server A marks spam")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, spam := b.classifier().Docs(); spam == spamBefore+1 {
			break
		}
		require.True(t, time.Now().Before(deadline), "server B learns the lesson within 10 s")
		time.Sleep(20 * time.Millisecond)
	}
}
