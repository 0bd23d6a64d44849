package i18n

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCatalog(t *testing.T) {
	require.NotEmpty(t, Keys())
	for _, k := range Keys() {
		m := Must(k)
		assert.NotEmpty(t, m.EN, k)
		assert.NotEmpty(t, m.ZH, k)
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name, src, err string
		want           map[string]Text
	}{
		{name: "nested", src: "[a.b]\nen = \"x\"\nzh = \"甲\"\n", want: map[string]Text{"a.b": {EN: "x", ZH: "甲"}}},
		{name: "missing zh", src: "[a]\nen = \"x\"\n", err: "a: give both en and zh"},
		{name: "not a table", src: "a = 1\n", err: "a message is a table"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.src)
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFormat(t *testing.T) {
	got := Must("search.all").Format(map[string]string{"n": "12"})
	assert.Equal(t, Text{EN: "All 12 results →", ZH: "全部 12 条结果 →"}, got)
	assert.Equal(t, "zh-CN", ZH.Tag())
}

// TestFormatLikeReplacer: Format replaces as a strings.Replacer of the
// pairs ({name}, value), in the order of the names, does.
func TestFormatLikeReplacer(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		args       map[string]string
	}{
		{"none", "no placeholder", map[string]string{"n": "1"}},
		{"one", "All {n} results", map[string]string{"n": "12"}},
		{"twice and Chinese", "{n} 条，共 {n} 条 {code}", map[string]string{"n": "3", "code": "40014"}},
		{"unknown name kept", "{x} and {n}", map[string]string{"n": "1"}},
		{"unclosed", "{n and {n}", map[string]string{"n": "1"}},
		{"value with braces not replaced again", "{a}{b}", map[string]string{"a": "{b}", "b": "B"}},
		{"nested brace", "{{n}}", map[string]string{"n": "1"}},
		{"prefix names", "{ab}{a}", map[string]string{"a": "1", "ab": "2"}},
		{"empty name", "{}{n}", map[string]string{"": "E", "n": "1"}},
		{"at the ends", "{n}", map[string]string{"n": ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var pairs []string
			for _, k := range slices.Sorted(maps.Keys(tc.args)) {
				pairs = append(pairs, "{"+k+"}", tc.args[k])
			}
			r := strings.NewReplacer(pairs...)
			want := Text{EN: r.Replace(tc.text), ZH: r.Replace("中文 " + tc.text)}
			assert.Equal(t, want, Text{EN: tc.text, ZH: "中文 " + tc.text}.Format(tc.args))
		})
	}
}
