package scrape

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex"
)

func responsesSource() errdex.Source {
	return errdex.Source{ID: "api-responses", Platform: errdex.WeCom, Format: "responses", Path: "api-responses.tsv"}
}

const responsesHeader = "# observed responses\nplatform\tcode\terrmsg\trule\turl\n"

func TestResponses(t *testing.T) {
	tests := []struct {
		name    string
		rows    string
		entries int
		skips   []string // reasons, in order
		check   func(t *testing.T, h errdex.Harvest)
	}{
		{"a WeCom response with its marks (real row)",
			"wecom\t60020\tnot allow to access from your ip, hint: [{hint}], from ip: {ip}, more info at {url}\tmarks\thttps://github.com/zhayujie/CowAgent/issues/1728\n",
			1, nil, func(t *testing.T, h errdex.Harvest) {
				e := h.Entries[0]
				assert.Equal(t, errdex.Key{Platform: errdex.WeCom, Code: "60020"}, e.Key())
				assert.Equal(t, "https://github.com/zhayujie/CowAgent/issues/1728", e.SeenAt)
				assert.Equal(t, "marks", e.Rule)
				assert.Empty(t, e.ZH)
				assert.Equal(t, 3, e.Line)
			}},
		{"DingTalk's Chinese errmsg, seen under two owners (real rows)",
			"dingtalk\t40014\t不合法的access_token\trepos\thttps://github.com/hugozhu/godingtalk/issues/5\n" +
				"dingtalk\t40014\t不合法的access_token\trepos\thttps://github.com/injekt/openapi-demo-php/issues/5\n",
			2, nil, func(t *testing.T, h errdex.Harvest) {
				assert.Equal(t, "不合法的access_token", h.Entries[0].ZH)
				assert.Empty(t, h.Entries[0].EN)
			}},
		{"repos under one owner is not admitted",
			"wechat\t40001\tinvalid credential\trepos\thttps://github.com/a/x/issues/1\n" +
				"wechat\t40001\tinvalid credential\trepos\thttps://github.com/a/y/issues/2\n",
			0, []string{"seen under 1 owner(s), not two", "seen under 1 owner(s), not two"}, nil},
		{"marks without a mark is not admitted",
			"wechat\t40001\tinvalid credential\tmarks\thttps://github.com/a/x/issues/1\n",
			0, []string{"carries none of the marks"}, nil},
		{"an unknown rule, a bad url, a missing message, a tab too many",
			"wechat\t40001\tx rid: {rid}\tguess\thttps://github.com/a/x/issues/1\n" +
				"wechat\t40001\tx rid: {rid}\tmarks\tgithub.com/a/x\n" +
				"wechat\t40001\t\tmarks\thttps://github.com/a/x/issues/1\n" +
				"wechat\t40001\tx\ty rid: {rid}\tmarks\thttps://github.com/a/x/issues/1\n",
			0, []string{`rule "guess"`, `url "github.com/a/x"`, "no errmsg", "6 cells, the header has 5"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := parseResponses(strings.NewReader(responsesHeader+tt.rows), responsesSource())
			require.NoError(t, err)
			requireAccounted(t, h)
			assert.Len(t, h.Entries, tt.entries)
			require.Len(t, h.Skipped, len(tt.skips))
			for i, s := range tt.skips {
				assert.Contains(t, h.Skipped[i].Reason, s)
			}
			if tt.check != nil {
				tt.check(t, h)
			}
		})
	}
}

func TestResponsesHeader(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"platform\tcode\terrmsg\trule\n", `api-responses.tsv:1: header has no "url" column`},
		{"platform\tcode\terrmsg\trule\turl\tnote\n", `api-responses.tsv:1: header column "note"`},
		{"# only comments\n", "api-responses.tsv: no header line"},
	} {
		_, err := parseResponses(strings.NewReader(tc.in), responsesSource())
		require.Error(t, err, tc.in)
		assert.Contains(t, err.Error(), tc.want)
	}
}

// TestResponsesContent reads the shipped file: every row admitted, each
// with its URL.
func TestResponsesContent(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "content", "api-responses.tsv"))
	require.NoError(t, err)
	h, err := Parse(strings.NewReader(string(data)), responsesSource())
	require.NoError(t, err)
	requireAccounted(t, h)
	assert.Empty(t, h.Skipped)
	assert.GreaterOrEqual(t, len(h.Entries), 300)
	codes := map[errdex.Key]bool{}
	for _, e := range h.Entries {
		assert.True(t, strings.HasPrefix(e.SeenAt, "https://") || strings.HasPrefix(e.SeenAt, "http://"), "line %d", e.Line)
		codes[e.Key()] = true
	}
	assert.GreaterOrEqual(t, len(codes), 100)
}

func FuzzResponses(f *testing.F) {
	for _, seed := range []string{
		responsesHeader + "wecom\t60020\tnot allow to access from your ip, hint: [{hint}], from ip: {ip}, more info at {url}\tmarks\thttps://github.com/a/b/issues/1\n",
		responsesHeader + "dingtalk\t40014\t不合法的access_token\trepos\thttps://github.com/a/b/issues/5\ndingtalk\t40014\t不合法的access_token\trepos\thttps://gitee.com/c/d/issues/5\n",
		"url\trule\terrmsg\tcode\tplatform\nhttps://x.example/\tmarks\trid: {rid}\t-1\twechat\n",
		responsesHeader + "wechat\tindex.html\tx rid: {rid}\tmarks\thttps://a.example/\n\t\t\t\t\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input string) {
		h, err := parseResponses(strings.NewReader(input), responsesSource())
		if err != nil {
			if !strings.HasPrefix(err.Error(), "api-responses.tsv") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		requireAccounted(t, h)
		for _, e := range h.Entries {
			if e.SeenAt == "" || e.Line < 1 || (e.ZH == "") == (e.EN == "") {
				t.Fatalf("bad entry %+v", e)
			}
		}
	})
}
