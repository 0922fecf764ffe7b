package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func get(t *testing.T, srv *httptest.Server, path string) (int, string, http.Header) {
	t.Helper()
	res, err := srv.Client().Get(srv.URL + path)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(body), res.Header
}

func TestSite(t *testing.T) {
	s, err := newSite(siteConfig{})
	require.NoError(t, err)
	require.Equal(t, 3, s.archive.Len(), "the seed article and two written for the demo")
	srv := httptest.NewServer(s)
	defer srv.Close()

	code, home, hdr := get(t, srv, "/")
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, "nosniff", hdr.Get("X-Content-Type-Options"))
	assert.Contains(t, hdr.Get("Content-Security-Policy"), "default-src 'self'")
	seedLink := `/bai-viet/quan-long-bien-nhieu-giai-phap-thiet-thuc-dua-nghi-quyet-dai-hoi-dang-bo-quan-vao-cuoc-song`
	assert.Contains(t, home, seedLink)
	assert.Less(t, strings.Index(home, "Thông xe nút giao"), strings.Index(home, "Quận Long Biên"), "newest first")

	code, page, _ := get(t, srv, seedLink)
	require.Equal(t, http.StatusOK, code)
	for _, want := range []string{
		"Đưa Nghị quyết Đại hội lần thứ XVII Đảng bộ thành phố Hà Nội vào cuộc sống:",
		"Quận Long Biên: Nhiều giải pháp thiết thực đưa Nghị quyết Đại hội Đảng bộ quận vào cuộc sống",
		"(12:48 29/11/2020)",
		"HNP - Nhận diện rõ những tồn tại",
		"<figcaption>Chủ tịch UBND Quận Nguyễn Mạnh Hà quán triệt Nghị quyết Đại hội</figcaption>",
		`<p class="byline">Nhật Minh</p>`,
		"Các bài mới đăng", "Các bài đã đăng",
		"Long Biên: Thông xe nút giao cầu vượt Vĩnh Tuy – Nguyễn Văn Cừ",
		"Gia Lâm: Khánh thành ba trường học đạt chuẩn quốc gia",
	} {
		assert.Contains(t, page, want)
	}
	assert.Less(t, strings.Index(page, "Các bài mới đăng"), strings.Index(page, "Thông xe"), "the newer article is under Các bài mới đăng")
	assert.Less(t, strings.Index(page, "Các bài đã đăng"), strings.Index(page, "Khánh thành"), "the older article is under Các bài đã đăng")

	code, _, _ = get(t, srv, "/bai-viet/khong-co")
	assert.Equal(t, http.StatusNotFound, code)
	code, _, _ = get(t, srv, "/bai-viet/%3Cscript%3E")
	assert.Equal(t, http.StatusNotFound, code)
}
