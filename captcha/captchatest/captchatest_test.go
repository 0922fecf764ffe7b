package captchatest_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/captcha"
	"github.com/binhluan/binhluan/captcha/captchatest"
)

func TestClock(t *testing.T) {
	t0 := time.Date(2020, 11, 29, 12, 48, 0, 0, time.UTC)
	c := captchatest.NewClock(t0)
	assert.Equal(t, t0, c.Now())
	assert.Equal(t, t0, c.Now(), "a stopped clock")
	c.Advance(90 * time.Second)
	assert.Equal(t, t0.Add(90*time.Second), c.Now())
}

func TestRand(t *testing.T) {
	read := func(seed uint64) []byte {
		b := make([]byte, 32)
		_, err := io.ReadFull(captchatest.Rand(seed), b)
		require.NoError(t, err)
		return b
	}
	assert.Equal(t, read(1), read(1), "the same seed, the same bytes")
	assert.NotEqual(t, read(1), read(2))
}

func TestStore(t *testing.T) {
	ctx := context.Background()
	t0 := time.Date(2020, 11, 29, 12, 48, 0, 0, time.UTC)
	clock := captchatest.NewClock(t0)
	store := captchatest.NewStore(clock)
	svc, err := captcha.New(&captcha.Config{Store: store, Now: clock.Now, Rand: captchatest.Rand(1)})
	require.NoError(t, err)

	id, err := svc.New(ctx)
	require.NoError(t, err)
	answer, ok := store.Answer(id)
	require.True(t, ok)
	again, ok := store.Answer(id)
	require.True(t, ok)
	assert.Equal(t, answer, again, "reading the answer does not use the challenge")
	ok, err = svc.Verify(ctx, id, answer)
	require.NoError(t, err)
	assert.True(t, ok)
	_, ok = store.Answer(id)
	assert.False(t, ok, "gone once verified")

	id, err = svc.New(ctx)
	require.NoError(t, err)
	clock.Advance(captcha.DefaultExpiry)
	_, ok = store.Answer(id)
	assert.False(t, ok, "gone once expired on the store's clock")

	_, ok = captchatest.NewStore(nil).Answer("nope")
	assert.False(t, ok)
}
