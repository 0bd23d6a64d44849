package main

import (
	"bytes"
	"errdex/load/loadtest"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExplain(t *testing.T) {
	// A content tree whose 60020 exists nowhere else: with -content, explain
	// reads it instead of the built-in content.
	own := loadtest.Write(t, `
-- sources.toml --
[[source]]
id = "wecom-test"
platform = "wecom"
title = "企业微信 测试页"
format = "markdown"
path = "wecom.md"
-- wecom.md --
| 错误码 | 错误说明 | 排查方法 |
| --- | --- | --- |
| 60020 | 只在测试站点里的说明 | 测试站点的排查方法 |
`)
	tests := []struct {
		name  string
		args  []string
		stdin string
		want  []string // in the output, in order
		not   []string
	}{
		{"a code on two platforms", []string{"60020"}, "",
			[]string{"DingTalk (钉钉) 60020", "WeCom (企业微信) 60020 · 不安全的访问 IP", "What the API returns:", "not allow to access from your ip", "Page: wecom/60020/"}, nil},
		{"-content reads that tree", []string{"-content", own, "60020"}, "",
			[]string{"WeCom (企业微信) 60020 · 只在测试站点里的说明", "测试站点的排查方法", "Page: wecom/60020/"}, []string{"DingTalk", "不安全的访问 IP"}},
		{"platform and code", []string{"-base-url", "https://errdex.example.org/", "wecom", "60020"}, "",
			[]string{"WeCom (企业微信) 60020", "Troubleshooting:", "企业可信 IP", "Page: https://errdex.example.org/wecom/60020/"}, []string{"DingTalk"}},
		{"a pasted WeCom response with the devtool URL", []string{"not allow to access from your ip, hint: [1700000000_12_3b1c9e0f], from ip: 203.0.113.7, more info at https://open.work.weixin.qq.com/devtool/query?e=60020"}, "",
			[]string{"WeCom (企业微信) 60020", "Page: wecom/60020/"}, []string{"DingTalk"}},
		{"an English errmsg alone, from standard input", nil, "no privilege to access/modify contact/party/agent\n",
			[]string{"WeCom (企业微信) 60011", "What the API returns:", "Page: wecom/60011/"}, nil},
		{"a conflict says so", []string{"wechat", "40017"}, "",
			[]string{"! The sources disagree", "Meaning 1", "不合法的按钮个数", "Meaning 2", "不合法的按钮类型"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, explain(tt.args, strings.NewReader(tt.stdin), &out, io.Discard))
			s := out.String()
			at := 0
			for _, w := range tt.want {
				i := strings.Index(s[at:], w)
				require.GreaterOrEqual(t, i, 0, "%q not in the output (after byte %d):\n%s", w, at, s)
				at += i + len(w)
			}
			for _, n := range tt.not {
				assert.NotContains(t, s, n)
			}
		})
	}
	t.Run("nothing matches", func(t *testing.T) {
		err := explain([]string{"zzqqxx"}, strings.NewReader(""), io.Discard, io.Discard)
		require.Error(t, err)
		assert.Contains(t, err.Error(), `nothing in errdex's built-in content matches "zzqqxx"`)
	})
	t.Run("nothing given", func(t *testing.T) {
		err := explain(nil, strings.NewReader("  \n"), io.Discard, io.Discard)
		require.Error(t, err)
	})
}
