package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
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

// The titles of the demo's three newest articles, newest first, and of
// the newest of the older ones, written for the portal's sections.
const (
	newest    = "Long Biên: Thông xe nút giao cầu vượt Vĩnh Tuy – Nguyễn Văn Cừ"
	seedTitle = "Quận Long Biên: Nhiều giải pháp thiết thực đưa Nghị quyết Đại hội Đảng bộ quận vào cuộc sống"
	oldest    = "Gia Lâm: Khánh thành ba trường học đạt chuẩn quốc gia"
	nextOlder = "Hoàng Mai: Hoàn thành kè và đường dạo quanh hồ Định Công"
)

// between returns the part of page after from and before the first to that
// follows it, failing the test when either is missing.
func between(t *testing.T, page, from, to string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, from)
	require.True(t, ok, "want %q in the page", from)
	part, _, ok := strings.Cut(rest, to)
	require.True(t, ok, "want %q after %q in the page", to, from)
	return part
}

// inOrder returns the texts sorted by where they first appear in page,
// failing the test when one is missing.
func inOrder(t *testing.T, page string, texts ...string) []string {
	t.Helper()
	at := map[string]int{}
	for _, s := range texts {
		i := strings.Index(page, s)
		require.GreaterOrEqual(t, i, 0, "want %q in the page", s)
		at[s] = i
	}
	out := slices.Clone(texts)
	slices.SortFunc(out, func(a, b string) int { return at[a] - at[b] })
	return out
}

func TestSite(t *testing.T) {
	s, err := newSite(siteConfig{})
	require.NoError(t, err)
	require.Equal(t, 10, s.archive.Len(), "the seed article and nine written for the demo")
	srv := httptest.NewServer(s)
	defer srv.Close()

	code, home, hdr := get(t, srv, "/")
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, "nosniff", hdr.Get("X-Content-Type-Options"))
	assert.Contains(t, hdr.Get("Content-Security-Policy"), "default-src 'self'")
	seedLink := `/bai-viet/quan-long-bien-nhieu-giai-phap-thiet-thuc-dua-nghi-quyet-dai-hoi-dang-bo-quan-vao-cuoc-song`
	assert.Contains(t, home, seedLink)
	assert.Equal(t, []string{newest, seedTitle, oldest}, inOrder(t, home, seedTitle, oldest, newest), "the home page lists the newest first")

	code, page, _ := get(t, srv, seedLink)
	require.Equal(t, http.StatusOK, code)
	for _, want := range []string{
		"Đưa Nghị quyết Đại hội lần thứ XVII Đảng bộ thành phố Hà Nội vào cuộc sống:",
		"Quận Long Biên: Nhiều giải pháp thiết thực đưa Nghị quyết Đại hội Đảng bộ quận vào cuộc sống",
		"(12:48 29/11/2020)",
		"HNP - Nhận diện rõ những tồn tại",
		"<figcaption>Chủ tịch UBND Quận Nguyễn Mạnh Hà quán triệt Nghị quyết Đại hội</figcaption>",
		`<p class="byline">Nhật Minh</p>`,
	} {
		assert.Contains(t, page, want)
	}

	// Each list holds the right articles: the newer one under "Các bài mới
	// đăng", the older under "Các bài đã đăng", and neither under the other.
	for _, tt := range []struct {
		slug         string
		newer, older []string
	}{
		{"quan-long-bien-nhieu-giai-phap-thiet-thuc-dua-nghi-quyet-dai-hoi-dang-bo-quan-vao-cuoc-song", []string{newest}, []string{oldest, nextOlder}},
		{"long-bien-thong-xe-nut-giao-cau-vuot-vinh-tuy-nguyen-van-cu", nil, []string{seedTitle, oldest, nextOlder}},
		{"gia-lam-khanh-thanh-ba-truong-hoc-dat-chuan-quoc-gia", []string{newest, seedTitle}, []string{nextOlder}},
	} {
		t.Run(tt.slug, func(t *testing.T) {
			code, page, _ := get(t, srv, "/bai-viet/"+tt.slug)
			require.Equal(t, http.StatusOK, code)
			newer := between(t, page, "<h2>Các bài mới đăng</h2>", "<h2>Các bài đã đăng</h2>")
			older := between(t, page, "<h2>Các bài đã đăng</h2>", "</nav>")
			for _, list := range []struct {
				name, text string
				want       []string
				empty      string
			}{
				{"Các bài mới đăng", newer, tt.newer, "Chưa có bài mới hơn."},
				{"Các bài đã đăng", older, tt.older, "Chưa có bài cũ hơn."},
			} {
				for _, title := range []string{newest, seedTitle, oldest, nextOlder} {
					if slices.Contains(list.want, title) {
						assert.Contains(t, list.text, title, "want %q under %s", title, list.name)
					} else {
						assert.NotContains(t, list.text, title, "want %q not under %s", title, list.name)
					}
				}
				if len(list.want) == 0 {
					assert.Contains(t, list.text, list.empty, "an empty %s says so", list.name)
				} else {
					assert.Equal(t, list.want, inOrder(t, list.text, list.want...), "%s lists the newest first", list.name)
				}
			}
		})
	}

	code, _, _ = get(t, srv, "/bai-viet/khong-co")
	assert.Equal(t, http.StatusNotFound, code)
	code, _, _ = get(t, srv, "/bai-viet/%3Cscript%3E")
	assert.Equal(t, http.StatusNotFound, code)
}

// TestStandardErrorsInVietnamese checks that the standard library's own
// 404 and 405 answers come as the site's Vietnamese page.
func TestStandardErrorsInVietnamese(t *testing.T) {
	h := newHarness(t, siteConfig{})
	for _, tt := range []struct {
		method, path string
		code         int
		want         string
	}{
		{http.MethodGet, "/khong-co-trang-nay", http.StatusNotFound, "Không tìm thấy trang"},
		{http.MethodGet, "/static/khong-co.css", http.StatusNotFound, "Không tìm thấy trang"},
		{http.MethodGet, "/quan-tri/dang-xuat", http.StatusMethodNotAllowed, "Không thực hiện được yêu cầu"},
	} {
		req, err := http.NewRequest(tt.method, h.srv.URL+tt.path, nil)
		require.NoError(t, err)
		code, body, res := h.do(req)
		assert.Equal(t, tt.code, code, tt.path)
		assert.Contains(t, body, tt.want, tt.path)
		assert.Contains(t, res.Header.Get("Content-Type"), "text/html", tt.path)
		assert.NotContains(t, body, "page not found", tt.path)
		assert.NotContains(t, body, "Method Not Allowed", tt.path)
		if code == http.StatusMethodNotAllowed {
			assert.NotEmpty(t, res.Header.Get("Allow"), "the methods it takes are still named")
		}
	}
}
