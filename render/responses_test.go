package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/PuerkitoBio/goquery"

	"errdex"
	"errdex/load"
	"errdex/load/loadtest"
)

// TestResponsesSection: a code page shows what the API was seen to return,
// each errmsg with how often and where it was seen, and its JSON carries
// them; the sightings are no meaning of the code.
func TestResponsesSection(t *testing.T) {
	c, err := load.Read(loadtest.FS(`
-- sources.toml --
[[source]]
id = "wecom"
platform = "wecom"
title = "企业微信"
format = "markdown"
path = "wecom.md"

[[source]]
id = "api-responses"
platform = "wecom"
title = "Observed"
format = "responses"
path = "api-responses.tsv"
rows = 3
-- wecom.md --
| 错误码 | 错误说明 |
| --- | --- |
| 60020 | 不安全的访问 IP |
-- api-responses.tsv --
platform	code	errmsg	rule	url
wecom	60020	not allow to access from your ip, hint: [{hint}], from ip: {ip}, more info at {url}	marks	https://github.com/owner-b/repo/issues/7
wecom	60020	not allow to access from your ip, hint: [{hint}], from ip: {ip}, more info at {url}	marks	https://github.com/owner-a/tool/pull/3
wecom	99999	unknown code, hint: [{hint}]	marks	https://example.com/x
`))
	require.NoError(t, err)
	cat := c.Catalog
	msg := "not allow to access from your ip, hint: [{hint}], from ip: {ip}, more info at {url}"
	files, err := Files(cat, testOptions(""))
	require.NoError(t, err)

	doc := parse(t, files["wecom/60020/index.html"])
	sec := doc.Find("#responses")
	require.Equal(t, 1, sec.Length())
	assert.Equal(t, "What the API returns", strings.TrimSpace(sec.Find("h2").Text()))
	assert.Equal(t, msg, sec.Find("li code.errmsg").Text())
	assert.Contains(t, sec.Find("li").Text(), "seen 2 times")
	var links []string
	sec.Find("li a").Each(func(_ int, a *goquery.Selection) { links = append(links, a.Text()+" "+a.AttrOr("href", "")) })
	assert.Equal(t, []string{
		"owner-a/tool#3 https://github.com/owner-a/tool/pull/3",
		"owner-b/repo#7 https://github.com/owner-b/repo/issues/7",
	}, links)
	assert.Equal(t, 1, doc.Find("section.meaning").Length(), "a sighting is no meaning")
	assert.Equal(t, 0, parse(t, files["wecom/40014/index.html"]).Find("#responses").Length())

	var j struct {
		Responses []errdex.Response `json:"responses"`
	}
	require.NoError(t, json.Unmarshal(files["wecom/60020/index.json"], &j))
	require.Len(t, j.Responses, 1)
	assert.Equal(t, 2, j.Responses[0].Count)
	assert.NotEqual(t, errdex.Different, j.Responses[0].Agreement, "an errmsg that states the meaning in English is no contradiction")

	// The sighting of a code no page documents is kept on its source.
	_, ok := files["wecom/99999/index.html"]
	assert.False(t, ok)
	src, _ := cat.Source("api-responses")
	require.Len(t, src.Unattached, 1)
	assert.Equal(t, 4, src.Unattached[0].Line, "the line of 99999 in api-responses.tsv")
}

func TestMark(t *testing.T) {
	tests := []struct {
		s      string
		others []string
		split  func(string) []string
		want   string
	}{
		{"不合法的按钮个数", []string{"不合法的按钮类型"}, splitChars, "不合法的按钮<mark>个数</mark>"},
		{"Invalid number of menu buttons", []string{"invalid button type"}, splitWords, "Invalid <mark>number of menu</mark> buttons"},
		{"jsapi 签名错误", []string{"不合法的jsapi_ticket参数"}, splitChars, "<mark>jsapi 签名错误</mark>"},
		{"a <b> & c", nil, splitWords, "a &lt;b&gt; &amp; c"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, string(mark(tt.s, tt.others, tt.split)), tt.s)
	}
}

// TestChangesPageKinds: /changes/ shows every kind of change the catalog
// has, a changed fix included (the test catalog's 40001: the older page
// gave no fix).
func TestChangesPageKinds(t *testing.T) {
	cat := testCatalog()
	files, err := Files(cat, testOptions(""))
	require.NoError(t, err)
	doc := parse(t, files["changes/index.html"])
	kinds := map[string]bool{}
	for _, ch := range cat.Changes {
		kinds[string(ch.Kind)] = true
	}
	require.True(t, kinds["fix"], "the test catalog has a fix change")
	for k := range kinds {
		sec := doc.Find(`section[aria-label="` + k + `"]`)
		require.Equal(t, 1, sec.Length(), "no section for %s", k)
		assert.Positive(t, sec.Find("tbody tr").Length(), "%s lists nothing", k)
	}
	assert.Contains(t, doc.Find(`section[aria-label="fix"] tbody`).Text(), "40001")
}

// TestConflictWordsUTF8: a sentence that starts with a quoted title keeps
// its quotation mark whole (it was cut to its first byte), and a scope
// sentence names every scope of the meanings.
func TestConflictWordsUTF8(t *testing.T) {
	assert.Equal(t, "“Page” and “Other” disagree.", upperFirst("“Page” and “Other”")+" disagree.")
	assert.Equal(t, "The 2023 page", upperFirst("the 2023 page"))
	files, err := Files(testCatalog(), testOptions(""))
	require.NoError(t, err)
	for name, data := range files {
		assert.True(t, utf8.Valid(data), "%s is not valid UTF-8", name)
	}
}

// TestHomeLeavesObservedOut: the home page counts page snapshots; a source
// of observed API responses is none.
func TestHomeLeavesObservedOut(t *testing.T) {
	docs := errdex.Source{ID: "wecom", Platform: errdex.WeCom, Title: "企业微信", Format: "markdown", Path: "wecom.md", Retrieved: "2023-01-06"}
	seen := errdex.Source{ID: "api-responses", Platform: errdex.WeCom, Title: "Observed", Format: "responses", Path: "r.tsv", Retrieved: "2026-12-01"}
	cat := errdex.Merge([]errdex.Harvest{
		{Source: docs, Rows: 1, Entries: []errdex.Entry{{Source: docs.ID, Line: 9, Platform: errdex.WeCom, Code: "60020", ZH: "不安全的访问 IP"}}},
		{Source: seen, Rows: 1, Entries: []errdex.Entry{{Source: seen.ID, Line: 3, Platform: errdex.WeCom, Code: "60020", EN: "x, hint: [{hint}]", SeenAt: "https://example.com/1", Rule: "marks"}}},
	})
	src, _ := cat.Source("api-responses")
	assert.True(t, src.Observed)
	files, err := Files(cat, testOptions(""))
	require.NoError(t, err)
	home := string(files["index.html"])
	assert.Contains(t, home, "2023-01-06")
	assert.NotContains(t, home, "2026-12-01", "an observed source is no snapshot")
}

// TestVerifyUTF8: Verify reports a page that is not valid UTF-8 (how
// 40017's conflict sentence slipped through).
func TestVerifyUTF8(t *testing.T) {
	files, err := Files(testCatalog(), testOptions(""))
	require.NoError(t, err)
	require.Empty(t, Verify(files))
	files["wecom/40001/index.html"] = bytes.Replace(files["wecom/40001/index.html"], []byte("</main>"), []byte("<p>\xe2\x80</p></main>"), 1)
	assert.Contains(t, strings.Join(Verify(files), "\n"), "wecom/40001/index.html: not valid UTF-8")
}

func TestSightingName(t *testing.T) {
	var p page
	for _, tc := range []struct{ url, want string }{
		{"https://github.com/binarywang/WxJava/issues/601", "binarywang/WxJava#601"},
		{"https://github.com/binarywang/WxJava/pull/3692", "binarywang/WxJava#3692"},
		{"https://github.com/a/b/blob/5324246213ff4190a4eb5e24154bf6bb5863e67c/src/test/X.java", "a/b: X.java"},
		{"https://developers.weixin.qq.com/community/develop/doc/0006c8789c422030324bb73b956000", "developers.weixin.qq.com/…/0006c8789c…"},
		{"https://developers.weixin.qq.com/community/personal/oCJUsw-teX5YIqgjrcPqDzpKoGio/question", "developers.weixin.qq.com/…/oCJUsw-teX…"},
		{"http://mfbz.cn/a/328037.html", "mfbz.cn/a/328037.html"},
		{"not a url", "not a url"},
	} {
		t.Run(tc.url, func(t *testing.T) {
			assert.Equal(t, tc.want, p.SightingName(tc.url))
		})
	}
}
