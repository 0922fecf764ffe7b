package article

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readSeed(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/page.txt")
	require.NoError(t, err, "the seed page must be in testdata")
	return b
}

func TestParseSeedPage(t *testing.T) {
	a, err := Parse(bytes.NewReader(readSeed(t)))
	require.NoError(t, err)

	assert.Equal(t, "Đưa Nghị quyết Đại hội lần thứ XVII Đảng bộ thành phố Hà Nội vào cuộc sống", a.Series)
	assert.Equal(t, "Quận Long Biên: Nhiều giải pháp thiết thực đưa Nghị quyết Đại hội Đảng bộ quận vào cuộc sống", a.Title)
	assert.Equal(t, "quan-long-bien-nhieu-giai-phap-thiet-thuc-dua-nghi-quyet-dai-hoi-dang-bo-quan-vao-cuoc-song", a.Slug)
	assert.LessOrEqual(t, len(a.Slug), MaxSlugLen)
	want := time.Date(2020, 11, 29, 12, 48, 0, 0, time.FixedZone("", 7*3600))
	assert.True(t, a.PublishedAt.Equal(want), "published %v, want %v", a.PublishedAt, want)
	_, offset := a.PublishedAt.Zone()
	assert.Equal(t, 7*3600, offset, "publish time is kept in Vietnam time")
	assert.Equal(t, "HNP", a.Source)
	assert.True(t, strings.HasPrefix(a.Lead, "Nhận diện rõ những tồn tại"), "lead %q", a.Lead)
	assert.True(t, strings.HasSuffix(a.Lead, "đang tích cực triển khai nhiều giải pháp thiết thực, sát thực tiễn."), "lead %q", a.Lead)
	assert.Equal(t, "Nhật Minh", a.Author)
	assert.Empty(t, a.ID, "Parse leaves the ID to the caller")
	assert.Zero(t, a.Views)

	require.Len(t, a.Body, 12, "one caption and eleven paragraphs")
	assert.Equal(t, Block{Kind: Image, Caption: "Chủ tịch UBND Quận Nguyễn Mạnh Hà quán triệt Nghị quyết Đại hội"}, a.Body[0])
	for i, b := range a.Body[1:] {
		assert.Equal(t, Paragraph, b.Kind, "block %d", i+1)
		assert.NotContains(t, b.Text, "\u00a0", "block %d keeps no NBSP", i+1)
		assert.Equal(t, strings.TrimSpace(b.Text), b.Text, "block %d is trimmed", i+1)
	}
	assert.True(t, strings.HasPrefix(a.Body[1].Text, "Thực hiện Nghị quyết Đại hội Đảng bộ quận Long Biên lần thứ III"))
	last := a.Body[len(a.Body)-1].Text
	assert.True(t, strings.HasSuffix(last, "nhiệm kỳ 2020-2025."), "last paragraph %q", last)

	all := a.Series + a.Title + a.Lead + a.Author + a.Text()
	for _, furniture := range []string{"Các bài mới đăng", "Các bài đã đăng", "Bài viết Xem", "Viết bình luận", "Họ tên", "Mã xác nhận", "Lấy lại mã bảo mật"} {
		assert.NotContains(t, all, furniture, "page furniture must not enter the article")
	}
	require.NoError(t, a.Validate(), "a parsed seed page is a valid article")
}

func TestParseLayouts(t *testing.T) {
	tests := []struct {
		name string
		page string
		want Article
	}{
		{
			name: "no series, stamp on its own line, source in brackets",
			page: "Tiêu đề bài viết\n(9:05 1/2/2021)\n\n(TTXVN) – Mở đầu bài.\n\nThân bài một.\n\nThân bài hai.\n\nVăn An\n\nTin liên quan\nMột bài khác",
			want: Article{
				Title: "Tiêu đề bài viết", Slug: "tieu-de-bai-viet", Source: "TTXVN", Lead: "Mở đầu bài.", Author: "Văn An",
				PublishedAt: time.Date(2021, 2, 1, 9, 5, 0, 0, Vietnam()),
				Body:        []Block{{Kind: Paragraph, Text: "Thân bài một."}, {Kind: Paragraph, Text: "Thân bài hai."}},
			},
		},
		{
			name: "no source tag, no byline, CRLF and zero-width characters",
			page: "Chuyên mục:\r\n\r\nTựa\u200b đề (23:59 31/12/2020)\r\n\r\nLời dẫn không có nguồn.\r\nĐoạn cuối cùng kết thúc bằng dấu chấm.\r\n",
			want: Article{
				Series: "Chuyên mục", Title: "Tựa đề", Slug: "tua-de", Lead: "Lời dẫn không có nguồn.",
				PublishedAt: time.Date(2020, 12, 31, 23, 59, 0, 0, Vietnam()),
				Body:        []Block{{Kind: Paragraph, Text: "Đoạn cuối cùng kết thúc bằng dấu chấm."}},
			},
		},
		{
			name: "caption marked Ảnh:, clock written 7h30",
			page: "Tựa đề (7h30 05/06/2024)\nHNP - Lời dẫn.\nẢnh: Toàn cảnh hội nghị.\nĐoạn văn.",
			want: Article{
				Title: "Tựa đề", Slug: "tua-de", Source: "HNP", Lead: "Lời dẫn.",
				PublishedAt: time.Date(2024, 6, 5, 7, 30, 0, 0, Vietnam()),
				Body:        []Block{{Kind: Image, Caption: "Ảnh: Toàn cảnh hội nghị."}, {Kind: Paragraph, Text: "Đoạn văn."}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(strings.NewReader(tt.page))
			require.NoError(t, err)
			assert.Equal(t, &tt.want, got)
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		page string
		want error
	}{
		{"empty", "", ErrNoTitle},
		{"only white space", " \u00a0\n\t\n", ErrNoTitle},
		{"only furniture", "Các bài mới đăng\nMột bài", ErrNoTitle},
		{"no stamp", "Tựa đề\n\nĐoạn văn.", ErrNoStamp},
		{"stamp with impossible date", "Tựa đề (12:48 31/02/2020)\nLời dẫn.\nĐoạn.", ErrNoStamp},
		{"stamp with impossible hour", "Tựa đề (24:00 01/02/2020)\nLời dẫn.\nĐoạn.", ErrNoStamp},
		{"stamp without title", "(12:48 29/11/2020)\nLời dẫn.\nĐoạn.", ErrNoTitle},
		{"nothing after title", "Tựa đề (12:48 29/11/2020)\n", ErrNoBody},
		{"only a lead", "Tựa đề (12:48 29/11/2020)\nHNP - Lời dẫn.\nNhật Minh", ErrNoBody},
		{"lines before series", "Một\nHai\nTựa đề (12:48 29/11/2020)\nLời dẫn.\nĐoạn.", ErrLayout},
		{"invalid UTF-8", "Tựa đề (12:48 29/11/2020)\nLời \xff dẫn.\nĐoạn.", ErrInvalidUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(strings.NewReader(tt.page))
			require.Error(t, err)
			assert.Nil(t, a)
			assert.ErrorIs(t, err, tt.want)
		})
	}
}

func TestParseRefusesHugeAndBrokenReaders(t *testing.T) {
	huge := strings.NewReader(strings.Repeat("a", MaxPageBytes+1))
	_, err := Parse(huge)
	assert.ErrorIs(t, err, ErrTooLarge)

	boom := errors.New("disk gone")
	_, err = Parse(iotest.ErrReader(boom))
	assert.ErrorIs(t, err, boom, "a reader's error is passed on")
}

func BenchmarkParse(b *testing.B) {
	page := readSeed(b)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(page)); err != nil {
			b.Fatal(err)
		}
	}
}
