package main

import (
	"bytes"
	"strings"
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
		"lý do: Đã qua mọi bước kiểm tra, chờ người kiểm duyệt.",
		"Nội dung cần ít nhất 10 ký tự (bạn đã nhập 3).",
		"nhận lúc 12:50 29/11/2020",
		"trạng thái: spam, điểm spam",
		"lý do: Bộ lọc thư rác xếp vào thư rác.",
	} {
		assert.Contains(t, out, want)
	}
	// The reason under each status is the filter's verdict that made it.
	lines := strings.Split(out, "\n")
	for i, line := range lines {
		if !strings.Contains(line, "trạng thái:") {
			continue
		}
		require.Less(t, i+1, len(lines))
		reason := lines[i+1]
		switch {
		case strings.Contains(line, "trạng thái: spam"):
			assert.Contains(t, reason, "Bộ lọc thư rác xếp vào thư rác.", line)
		case strings.Contains(line, "trạng thái: chờ duyệt"):
			assert.NotContains(t, reason, "xếp vào thư rác", line)
		}
	}
}
