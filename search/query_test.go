package search

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"errdex"
	"errdex/search/searchtest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// casesFile is the query cases the Go rules and the browser's script share.
var casesFile = filepath.Join("..", "testdata", "queries.tsv")

// TestQueryCases runs the query rules of the built-in platform table (the
// shipped content's) on every case of testdata/queries.tsv;
// cmd/errdex's TestSearchParse runs the script's on the same cases.
func TestQueryCases(t *testing.T) {
	cases, err := searchtest.Load(casesFile)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(cases), 70)
	r, err := NewRules(errdex.DefaultPlatforms())
	require.NoError(t, err)
	for _, c := range cases {
		t.Run(strconv.Itoa(c.Line), func(t *testing.T) {
			assert.Equal(t, c.Parse, r.Parse(c.Query).String(), "queries.tsv:%d: %q (%s)", c.Line, c.Query, c.Note)
		})
	}
}

// feishu is a fourth platform, for the tests of a table other than the
// built-in one.
var feishu = errdex.PlatformInfo{ID: "feishu", Name: "Feishu", NameZH: "飞书", Words: []string{"lark"}, Color: "#245bdb", ColorDark: "#7fa6ff"}

func TestRulesOfTable(t *testing.T) {
	table := append(errdex.DefaultPlatforms(), feishu)
	r, err := NewRules(table)
	require.NoError(t, err)
	for _, tc := range []struct{ in, want string }{
		{"飞书 99991663", "platforms=feishu codes=99991663 terms=99991663"},
		{"Feishu 99991663", "platforms=feishu codes=99991663 terms=99991663"},
		{"lark 99991663", "platforms=feishu codes=99991663 terms=99991663"},
		{"飞书消息卡片", "platforms=feishu terms=消息,息卡,卡片"},
		{"飞书 企微 1", "platforms=wecom,feishu codes=1"},
		{"企业微信 40014", "platforms=wecom codes=40014 terms=40014"},
	} {
		t.Run(tc.in, func(t *testing.T) { assert.Equal(t, tc.want, r.Parse(tc.in).String()) })
	}

	t.Run("without WeCom the devtool URL gives no platform", func(t *testing.T) {
		r, err := NewRules(errdex.PlatformTable{feishu})
		require.NoError(t, err)
		assert.Equal(t, "codes=42001 pasted", r.Parse("more info at https://open.work.weixin.qq.com/devtool/query?e=42001").String())
		assert.Equal(t, "terms=企业,业微,微信", r.Parse("企业微信").String(), "not a platform of this table")
	})
}

func TestRulesReject(t *testing.T) {
	for _, tc := range []struct {
		name  string
		words []string
		want  string
	}{
		{"two words", []string{"work wechat"}, "one word"},
		{"mixed scripts", []string{"飞书lark"}, "one word"},
		{"one character", []string{"飞"}, "at least two"},
		{"a code", []string{"9999"}, "code"},
		{"another platform's word", []string{"企微"}, `already names platform "wecom"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := feishu
			p.Words = tc.words
			_, err := NewRules(append(errdex.DefaultPlatforms(), p))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestRulesWordOrder(t *testing.T) {
	r, err := NewRules(errdex.DefaultPlatforms())
	require.NoError(t, err)
	var got []string
	for _, w := range r.Words() {
		got = append(got, w.Word+"="+string(w.Platform))
	}
	assert.Equal(t, []string{
		"企业微信=wecom", "公众号=wechat", "小程序=wechat", "企微=wecom", "微信=wechat", "钉钉=dingtalk",
		"dingtalk=dingtalk", "wechat=wechat", "wecom=wecom",
	}, got, "Chinese words longest first, so that a run is read from its start")
}

func TestScriptConfig(t *testing.T) {
	js, err := ScriptConfig(append(errdex.DefaultPlatforms(), feishu))
	require.NoError(t, err)
	s := string(js)
	assert.Contains(t, s, "window.ERRDEX_SEARCH={")
	assert.Contains(t, s, `{"id":"feishu","name":"Feishu","nameZH":"飞书"}`)
	assert.Contains(t, s, `["飞书","feishu"]`)
	assert.Contains(t, s, `"digits":"`+postingDigits+`"`)
	assert.Contains(t, s, `"maxImpact":7`)
	assert.Contains(t, s, `"codePrefix":"#"`)
	assert.Contains(t, s, `"devtool":"wecom"`)

	_, err = ScriptConfig(errdex.PlatformTable{feishu, {ID: "lark", Name: "Lark", NameZH: "飞书"}})
	assert.Error(t, err, "a word of two platforms")
}

// FuzzParse: the query rules never panic, read the same query the same
// way, and give codes the index can hold; the seeds are the shared cases
// the browser runs too.
func FuzzParse(f *testing.F) {
	cases, err := searchtest.Load(casesFile)
	require.NoError(f, err)
	for _, c := range cases {
		f.Add(c.Query)
	}
	r, err := NewRules(errdex.DefaultPlatforms())
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, raw string) {
		q := r.Parse(raw)
		if q.String() != r.Parse(raw).String() {
			t.Fatalf("%q parses two ways", raw)
		}
		for _, c := range q.Codes {
			if errdex.ValidCode(c) != "" {
				t.Fatalf("%q: code %q breaks the rule for codes", raw, c)
			}
		}
		for _, term := range q.Terms {
			if term.Token == "" || strings.ContainsAny(term.Token, " \t\n") {
				t.Fatalf("%q: bad term %q", raw, term.Token)
			}
		}
	})
}
