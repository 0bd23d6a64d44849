package scrape

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"errdex"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// tsvSnapshot is a small TSV snapshot in the layout of wecom-older.
const tsvSnapshot = "错误码\t错误说明\t排查方法\n40001\t不合法的 secret 参数\t检查 secret\n40014\t不合法的 access_token\t重新获取\n"

func mustEncode(t *testing.T, s string, enc interface{ Bytes([]byte) ([]byte, error) }) string {
	t.Helper()
	b, err := enc.Bytes([]byte(s))
	require.NoError(t, err)
	return string(b)
}

func TestReadSnapshotEncodings(t *testing.T) {
	md := mdHeader + "| 40001 | 不合法的 secret 参数 | 检查 secret |\n| 40014 | 不合法的 access_token | 重新获取 |\n"
	cases := []struct {
		name    string
		data    string
		repair  string // a repair reason must contain it, "" for none
		wantErr string
	}{
		{"UTF-8", md, "", ""},
		{"UTF-8 with BOM", "\xef\xbb\xbf" + md, "byte order mark", ""},
		{"UTF-16LE with BOM", mustEncode(t, md, unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder()), "UTF-16", ""},
		{"UTF-16BE with BOM", mustEncode(t, md, unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder()), "UTF-16", ""},
		{"GBK", mustEncode(t, md, simplifiedchinese.GBK.NewEncoder()), "GB18030", ""},
		{"GB18030", mustEncode(t, md, simplifiedchinese.GB18030.NewEncoder()), "GB18030", ""},
		{"stray invalid bytes", strings.Replace(md, "不合法的 secret", "不合法的 \xff\xfe secret", 1), "invalid UTF-8", ""},
		{"UTF-8 BOM and stray bytes", "\xef\xbb\xbf" + strings.Replace(md, "不合法的 secret", "不合法的 \xff\xfe secret", 1), "invalid UTF-8", ""},
		{"NUL and controls", strings.Replace(md, "secret 参数", "sec\x00ret\x01 参数\x7f", 1), "control character", ""},
		{"random bytes", "\x8f\xff\xfe\xff\x80\x80\x81", "", "convert it to UTF-8"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := testSource("markdown", errdex.WeCom)
			h, err := Parse(strings.NewReader(tc.data), src)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				assert.Equal(t, 1, strings.Count(err.Error(), src.Path), "names the file once: %v", err)
				return
			}
			require.NoError(t, err)
			requireAccounted(t, h)
			require.Len(t, h.Entries, 2)
			assert.Equal(t, "40001", h.Entries[0].Code)
			assert.Equal(t, 3, h.Entries[0].Line, "lines still match the snapshot")
			for _, e := range h.Entries {
				for _, s := range []string{e.ZH, e.EN, e.Fix, e.Raw} {
					assert.True(t, utf8.ValidString(s), "%q", s)
					assert.False(t, strings.ContainsAny(s, "\x00\x01\x7f"), "%q", s)
				}
			}
			assert.Contains(t, h.Entries[0].ZH, "secret")
			if tc.repair == "" {
				assert.Empty(t, h.Repairs)
				return
			}
			require.NotEmpty(t, h.Repairs)
			var reasons []string
			for _, r := range h.Repairs {
				reasons = append(reasons, r.Reason)
			}
			assert.Contains(t, strings.Join(reasons, "\n"), tc.repair)
		})
	}
}

func TestReadSnapshotEveryAdapter(t *testing.T) {
	// The repair happens before the adapter: a TSV snapshot in GBK reads
	// like its UTF-8 form.
	want, err := Parse(strings.NewReader(tsvSnapshot), testSource("tsv", errdex.WeCom))
	require.NoError(t, err)
	got, err := Parse(strings.NewReader(mustEncode(t, tsvSnapshot, simplifiedchinese.GBK.NewEncoder())), testSource("tsv", errdex.WeCom))
	require.NoError(t, err)
	assert.Equal(t, want.Entries, got.Entries)
	assert.Len(t, got.Repairs, 1)
}

func TestValidCodeSkipsRows(t *testing.T) {
	page := `<table><tr><th>HttpCode</th><th>错误码</th><th>错误信息</th><th>说明</th></tr>
<tr><td>403</td><td>Forbidden.AccessDenied</td><td>denied</td><td>没有权限</td></tr>
<tr><td>400</td><td>index.html</td><td>oops</td><td>不是错误码</td></tr>
<tr><td>400</td><td>Index.Html</td><td>oops</td><td>不是错误码</td></tr>
</table>`
	h, err := Parse(strings.NewReader(page), testSource("html", errdex.DingTalk))
	require.NoError(t, err)
	requireAccounted(t, h)
	require.Len(t, h.Entries, 1)
	assert.Equal(t, "Forbidden.AccessDenied", h.Entries[0].Code)
	require.Len(t, h.Skipped, 2)
	assert.Contains(t, h.Skipped[0].Reason, `"index.html" is not a code`)
	assert.Equal(t, 3, h.Skipped[0].Line)
}

// TestValidCodeKeepsFixtures: the code rule loses no row of the fixtures
// (the real content is covered by TestBuildRealContent's counts).
func TestValidCodeKeepsFixtures(t *testing.T) {
	for _, name := range []string{"wecom", "wechat", "dingtalk"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "html", name+".html"))
			require.NoError(t, err)
			src := testSource("html", errdex.WeCom)
			raw, err := parseHTML(bytes.NewReader(data), src)
			require.NoError(t, err)
			h, err := Parse(bytes.NewReader(data), src)
			require.NoError(t, err)
			assert.Equal(t, len(raw.Entries), len(h.Entries))
			assert.Equal(t, len(raw.Skipped), len(h.Skipped))
		})
	}
}

func TestDeepMarkdownIsRepaired(t *testing.T) {
	deep := mdHeader + "| 40001 | 不合法的 secret 参数 | 检查 secret |\n\n### 错误码：40001\n\n" +
		strings.Repeat(">", 600) + " 深处的排查说明\n" + strings.Repeat("- ", 600) + "深处的列表\n"
	h, err := Parse(strings.NewReader(deep), testSource("markdown", errdex.WeCom))
	require.NoError(t, err)
	requireAccounted(t, h)
	require.Len(t, h.Entries, 1)
	assert.Contains(t, h.Entries[0].Troubleshooting, "深处的排查说明", "the text is kept")
	require.Len(t, h.Repairs, 2)
	assert.Equal(t, 7, h.Repairs[0].Line)
	assert.Contains(t, h.Repairs[0].Reason, "nested more than")
	assert.Equal(t, 8, h.Repairs[1].Line)
}

func TestHugeCellIsNoted(t *testing.T) {
	huge := strings.Repeat("很长", 10<<20/6)
	h, err := Parse(strings.NewReader(mdHeader+"| 40001 | "+huge+" | 检查 |\n"), testSource("markdown", errdex.WeCom))
	require.NoError(t, err)
	requireAccounted(t, h)
	require.Len(t, h.Entries, 1)
	assert.Equal(t, huge, h.Entries[0].ZH, "the entry keeps the full text")
	require.Len(t, h.Repairs, 1)
	assert.Contains(t, h.Repairs[0].Reason, "truncated")
}

func TestValidCode(t *testing.T) {
	for _, c := range []struct {
		code string
		ok   bool
	}{
		{"40014", true}, {"-1", true}, {"0", true}, {"-40400x", true}, {"Forbidden.AccessDenied.IpNotInWhiteList", true}, {"Throttling.Api", true},
		{"", false}, {"index.html", false}, {"Index.Html", false}, {"Data.Json", false}, {"..", false}, {"40014/..", false}, {"a b", false},
		{"40014.", false}, {strings.Repeat("1", 65), false}, {"x40014", false}, {"-", false}, {"Forbidden..X", false},
	} {
		t.Run(c.code, func(t *testing.T) {
			assert.Equal(t, c.ok, errdex.ValidCode(c.code) == "", errdex.ValidCode(c.code))
		})
	}
}
