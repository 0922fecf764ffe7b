package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRun runs the quick start: a form with mistakes gets every message in
// Vietnamese, a reader's comment waits for a moderator, an advert is spam.
// It checks lines, not the whole output, so that retraining the starter
// model (which moves the scores and tokens) does not break it.
func TestRun(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, run(&buf))
	out := buf.String()
	for _, want := range []string{
		"Vui lòng nhập họ tên.",
		"Số điện thoại này đã đổi thành 0323 456 789.",
		"Mã xác nhận không đúng, vui lòng nhập mã mới.",
		`số điện thoại "0912 345 678", trạng thái: chờ duyệt`,
		"Nội dung cần ít nhất 10 ký tự (bạn đã nhập 3).",
		"nhận lúc 12:50 29/11/2020",
		"trạng thái: spam, điểm spam",
	} {
		assert.Contains(t, out, want)
	}
}
