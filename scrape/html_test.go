package scrape

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"errdex"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parseHTMLString parses s with the test html source of platform p.
func parseHTMLString(t testing.TB, s string, p errdex.Platform) errdex.Harvest {
	t.Helper()
	h, err := parseHTML(strings.NewReader(s), testSource("html", p))
	require.NoError(t, err)
	return h
}

// TestHTMLPages is the golden test of one fixture per live page layout.
func TestHTMLPages(t *testing.T) {
	wechat := testSource("html", errdex.WeChat)
	wechat.Scopes = contentSource(t, "wechat-oplatform-2025").Scopes
	tests := []struct {
		page     string
		src      errdex.Source
		rows     int
		sections int
		attached int
	}{
		{"wecom", testSource("html", errdex.WeCom), 14, 8, 7},
		{"wechat", wechat, 22, 0, 0},
		{"dingtalk", testSource("html", errdex.DingTalk), 10, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", "html", tt.page+".html"))
			require.NoError(t, err)
			defer f.Close()
			h, err := parseHTML(f, tt.src)
			require.NoError(t, err)
			assert.Equal(t, tt.rows, h.Rows)
			assert.Equal(t, tt.sections, h.Sections)
			assert.Equal(t, tt.attached, h.Attached)
			requireAccounted(t, h)
			golden(t, "html/"+tt.page+".golden", harvestJSON(t, h))
		})
	}
}

// TestHTMLWeChatScopes checks that each section heading is the scope label
// of its table and resolves through the manifest's scopes.
func TestHTMLWeChatScopes(t *testing.T) {
	src := testSource("html", errdex.WeChat)
	src.Scopes = contentSource(t, "wechat-oplatform-2025").Scopes
	f, err := os.Open(filepath.Join("testdata", "html", "wechat.html"))
	require.NoError(t, err)
	defer f.Close()
	h, err := parseHTML(f, src)
	require.NoError(t, err)
	scopes := map[string]string{}
	for _, e := range h.Entries {
		scopes[e.ScopeLabel] = e.Scope
	}
	assert.Equal(t, map[string]string{
		"公共错误码": "", "通用错误码": "", "微信小店": "shop", "腾讯小微": "xiaowei",
		"商业能力": "business", "微信云开发": "cloudbase", "微信云托管": "cloudrun",
	}, scopes)
}

// TestHTMLRows checks column mapping by header words, zh/en by script, the
// DingTalk shift, and line numbers, one small page each.
func TestHTMLRows(t *testing.T) {
	type row struct {
		line                int
		code, label, zh, en string
		fix                 string
		help                bool
	}
	tests := []struct {
		name  string
		p     errdex.Platform
		page  string
		rows  int
		want  []row
		skips []errdex.Skip
	}{
		{
			name: "WeCom three columns",
			p:    errdex.WeCom,
			page: "<table>\n<thead><tr><th>错误码</th><th>错误说明</th><th>排查方法</th></tr></thead>\n<tbody>\n" +
				"<tr><td>40001</td><td>不合法的 secret 参数</td><td><a href=\"#10649/错误码：40001\">查看帮助</a></td></tr>\n" +
				"<tr><td>40088</td><td>jobid 不存在</td><td>请检查 jobid 来源</td></tr>\n</tbody></table>",
			rows: 2,
			want: []row{
				{line: 4, code: "40001", zh: "不合法的 secret 参数", help: true},
				{line: 5, code: "40088", zh: "jobid 不存在", fix: "请检查 jobid 来源"},
			},
		},
		{
			name: "header without thead and th",
			p:    errdex.WeCom,
			page: "<table><tr><td>错误码</td><td>错误说明</td><td>排查方法</td></tr><tr><td>0</td><td>请求成功</td><td>接口调用成功</td></tr></table>",
			rows: 1,
			want: []row{{line: 1, code: "0", zh: "请求成功", fix: "接口调用成功"}},
		},
		{
			name: "WeChat 错误码/英文描述/中文描述",
			p:    errdex.WeChat,
			page: "<table><tr><th>错误码</th><th>英文描述</th><th>中文描述</th></tr>\n<tr><td>-1</td><td>system error</td><td>系统繁忙，此时请开发者稍候再试</td></tr>\n<tr><td>1003</td><td></td><td>POST参数非法</td></tr></table>",
			rows: 2,
			want: []row{
				{line: 2, code: "-1", zh: "系统繁忙，此时请开发者稍候再试", en: "system error"},
				{line: 3, code: "1003", zh: "POST参数非法"},
			},
		},
		{
			name: "WeChat 错误码/错误信息/解决方法, message in either script",
			p:    errdex.WeChat,
			page: "<table><tr><th>错误码</th><th>错误信息</th><th>解决方法</th></tr>\n<tr><td>40003</td><td>invalid openid</td><td>请检查 openid 的正确性</td></tr>\n<tr><td>10080001</td><td>账号已注销</td><td></td></tr></table>",
			rows: 2,
			want: []row{
				{line: 2, code: "40003", en: "invalid openid", fix: "请检查 openid 的正确性"},
				{line: 3, code: "10080001", zh: "账号已注销"},
			},
		},
		{
			name: "WeChat code/desc",
			p:    errdex.WeChat,
			page: "<table><tr><th>code</th><th>desc</th></tr><tr><td>10001</td><td>系统错误，发生需要联系开发查看</td></tr></table>",
			rows: 1,
			want: []row{{line: 1, code: "10001", zh: "系统错误，发生需要联系开发查看"}},
		},
		{
			name: "WeChat errcode/errmsg/说明: 说明 is the Chinese message",
			p:    errdex.WeChat,
			page: "<table><tr><th>errcode</th><th>errmsg</th><th>说明</th></tr><tr><td>103001</td><td>parameter is invalid or missing</td><td>缺少参数或参数取值不合法</td></tr></table>",
			rows: 1,
			want: []row{{line: 1, code: "103001", zh: "缺少参数或参数取值不合法", en: "parameter is invalid or missing"}},
		},
		{
			name: "WeChat 错误码/含义 with a pattern code",
			p:    errdex.WeChat,
			page: "<table><tr><th>错误码</th><th>含义</th></tr><tr><td>-40400x</td><td>SDK 云函数错误：云函数调用失败</td></tr></table>",
			rows: 1,
			want: []row{{line: 1, code: "-40400x", zh: "SDK 云函数错误：云函数调用失败"}},
		},
		{
			name: "WeChat errCode/说明",
			p:    errdex.WeChat,
			page: "<table><tr><th>errCode</th><th>说明</th></tr><tr><td>-601001</td><td>系统失败</td></tr></table>",
			rows: 1,
			want: []row{{line: 1, code: "-601001", zh: "系统失败"}},
		},
		{
			name: "several tables: the heading before each is its label",
			p:    errdex.WeChat,
			page: "<h2><a class=\"header-anchor\" href=\"#公共错误码\">#</a> 公共错误码</h2>\n<table><tr><th>错误码</th><th>中文描述</th></tr><tr><td>0</td><td>请求成功</td></tr></table>\n" +
				"<h2>微信小店</h2><p>说明</p>\n<table><tr><th>错误码</th><th>错误信息</th></tr><tr><td>0</td><td>ok</td></tr></table>",
			rows: 2,
			want: []row{
				{line: 2, code: "0", label: "公共错误码", zh: "请求成功"},
				{line: 4, code: "0", label: "微信小店", en: "ok"},
			},
		},
		{
			name: "DingTalk string codes and shifted legacy rows",
			p:    errdex.DingTalk,
			page: "<h1>服务端API错误码</h1>\n<table>\n<tr><th>HttpCode</th><th>错误码</th><th>错误信息</th><th>说明</th></tr>\n" +
				"<tr><td>403</td><td>Forbidden.AccessDenied</td><td>没有调用该接口的权限</td><td>在开发者后台申请权限</td></tr>\n" +
				"<tr><td>-1</td><td>系统繁忙</td><td>服务器暂不可用，建议稍候重试</td><td></td></tr>\n" +
				"<tr><td>88</td><td>鉴权异常</td><td></td><td></td></tr>\n</table>",
			rows: 3,
			want: []row{
				{line: 4, code: "Forbidden.AccessDenied", zh: "没有调用该接口的权限", fix: "在开发者后台申请权限"},
				{line: 5, code: "-1", zh: "系统繁忙", fix: "服务器暂不可用，建议稍候重试"},
				{line: 6, code: "88", zh: "鉴权异常"},
			},
		},
		{
			name: "string codes are codes only in DingTalk's table",
			p:    errdex.WeChat,
			page: "<table><tr><th>错误码</th><th>含义</th></tr><tr><td>Forbidden</td><td>禁止</td></tr><tr><td>0</td><td>成功</td></tr></table>",
			rows: 1,
			want: []row{{line: 1, code: "0", zh: "成功"}},
		},
		{
			name:  "a code without text is skipped",
			p:     errdex.WeCom,
			page:  "<table><tr><th>错误码</th><th>错误说明</th><th>排查方法</th></tr>\n<tr><td>40001</td><td></td><td>-</td></tr>\n</table>",
			rows:  1,
			skips: []errdex.Skip{{Line: 2, Reason: "code 40001: row has no message and no fix"}},
		},
		{
			name: "a row the parser makes up takes its first cell's line",
			p:    errdex.WeCom,
			page: "<table><tr><th>错误码</th><th>错误说明</th></tr>\n<td>0</td><td>请求成功</td></table>",
			rows: 1,
			want: []row{{line: 2, code: "0", zh: "请求成功"}},
		},
		{
			name: "br and entities in cells",
			p:    errdex.WeCom,
			page: "<table><tr><th>错误码</th><th>错误说明</th><th>排查方法</th></tr>\n<tr><td> 60125 </td><td>非法部门名字</td><td>不能为空<br>不能含有:*?&quot;&lt;&gt;|等字符</td></tr></table>",
			rows: 1,
			want: []row{{line: 2, code: "60125", zh: "非法部门名字", fix: "不能为空 不能含有:*?\"<>|等字符"}},
		},
		{
			name: "CRLF line endings",
			p:    errdex.WeCom,
			page: "<table>\r\n<tr><th>错误码</th><th>错误说明</th></tr>\r\n<tr><td>1</td><td>x</td></tr>\r\n<tr><td>2</td><td>z</td></tr></table>",
			rows: 2,
			want: []row{{line: 3, code: "1", en: "x"}, {line: 4, code: "2", en: "z"}},
		},
		{
			name: "a <tr> in a comment or a script is no row",
			p:    errdex.WeCom,
			page: "<script>var r = '<tr><td>9</td></tr>';</script>\n<table><tr><th>错误码</th><th>错误说明</th></tr>\n<!-- <tr> -->\n<tr><td>1</td><td>x</td></tr></table>",
			rows: 1,
			want: []row{{line: 4, code: "1", en: "x"}},
		},
		{
			name: "no message header: the first unnamed column is the message",
			p:    errdex.WeCom,
			page: "<table><tr><th>错误码</th><th></th></tr><tr><td>1</td><td>失败</td></tr></table>",
			rows: 1,
			want: []row{{line: 1, code: "1", zh: "失败"}},
		},
		{
			name: "tables without a code column are not read",
			p:    errdex.WeCom,
			page: "<table><tr><th>参数</th><th>说明</th></tr><tr><td>0</td><td>x</td></tr></table>",
		},
		{
			name: "a table inside a cell is part of the cell",
			p:    errdex.WeCom,
			page: "<table><tr><th>错误码</th><th>错误说明</th></tr>\n<tr><td>0</td><td>请求成功<table><tr><td>1</td><td>x</td></tr></table></td></tr></table>",
			rows: 1,
			want: []row{{line: 2, code: "0", zh: "请求成功 1 x"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := parseHTMLString(t, tt.page, tt.p)
			assert.Equal(t, tt.rows, h.Rows)
			var got []row
			for _, e := range h.Entries {
				assert.Equal(t, tt.p, e.Platform)
				assert.NotEmpty(t, e.Raw)
				got = append(got, row{e.Line, e.Code, e.ScopeLabel, e.ZH, e.EN, e.Fix, e.HelpRef})
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.skips, h.Skipped)
			requireAccounted(t, h)
		})
	}
}

// TestHTMLRaw checks that an entry's raw text is its row as in the source.
func TestHTMLRaw(t *testing.T) {
	page := "<table><tr><th>错误码</th><th>错误说明</th></tr>\n<tr>\n  <td>0</td>\n  <td>请求成功</td>\n</tr>\n<tr><td>-1</td><td>系统繁忙</td>\n</table>"
	h := parseHTMLString(t, page, errdex.WeCom)
	require.Len(t, h.Entries, 2)
	assert.Equal(t, "<tr>\n  <td>0</td>\n  <td>请求成功</td>\n</tr>", h.Entries[0].Raw)
	assert.Equal(t, 2, h.Entries[0].Line)
	assert.Equal(t, "<tr><td>-1</td><td>系统繁忙</td>", h.Entries[1].Raw, "a row closed by </table>")
	assert.Equal(t, 6, h.Entries[1].Line)
}

// TestHTMLSections checks WeCom's flat troubleshooting sections.
func TestHTMLSections(t *testing.T) {
	page := "<table><tr><th>错误码</th><th>错误说明</th><th>排查方法</th></tr>\n" + // 1
		"<tr><td>40054</td><td>不合法的子菜单 url 域名</td><td><a href=\"#10649/错误码：40054 40055\">查看帮助</a></td></tr>\n" + // 2
		"<tr><td>40055</td><td>不合法的菜单 url 域名</td><td>查看帮助</td></tr>\n" + // 3
		"<tr><td>301025</td><td>审批开放接口参数错误</td><td>查看帮助</td></tr>\n" + // 4
		"<tr><td>301025</td><td>参数错误</td><td>-</td></tr>\n" + // 5
		"</table>\n<h2>排查方法</h2>\n" + // 6-7
		"<h5 id=\"10649/错误码：40054 40055\">错误码：40054 40055</h5>\n" + // 8
		"<p>菜单设置 URL 不合法。确认：</p>\n<p>1. 链接需要带上协议头。<br>2. 微信支付的链接，必须以 weixin://wxpay/bizpayurl 开头</p>\n" + // 9-10
		"<h5>错误码：301025</h5>\n<p>审批开放接口参数错误。常见的错误有：</p>\n<ul><li>参数输入的值为空或 null</li><li>提交的数据格式与模板不一致</li></ul>\n" + // 11-13
		"<h5>错误码：45009</h5>\n<p>接口调用超过限制。</p>\n" // 14-15
	h := parseHTMLString(t, page, errdex.WeCom)
	require.Len(t, h.Entries, 4)
	assert.Equal(t, 3, h.Sections)
	assert.Equal(t, 2, h.Attached)
	assert.Equal(t, []errdex.Skip{{Line: 14, Reason: "troubleshooting section for 45009 matches no row"}}, h.Orphans)
	requireAccounted(t, h)
	want := "菜单设置 URL 不合法。确认：\n\n1. 链接需要带上协议头。\n2. 微信支付的链接，必须以 weixin://wxpay/bizpayurl 开头"
	for _, e := range h.Entries[:2] {
		assert.Equal(t, want, e.Troubleshooting, e.Code)
		assert.Equal(t, 8, e.TroubleshootingLine, e.Code)
	}
	assert.Equal(t, "审批开放接口参数错误。常见的错误有：\n\n- 参数输入的值为空或 null\n- 提交的数据格式与模板不一致", h.Entries[2].Troubleshooting)
	assert.Equal(t, 11, h.Entries[2].TroubleshootingLine)
	assert.Empty(t, h.Entries[3].Troubleshooting, "the HelpRef row of 301025 gets the section")
}

// TestHTMLReadError checks that a read error names the file.
func TestHTMLReadError(t *testing.T) {
	_, err := parseHTML(iotest.ErrReader(os.ErrClosed), testSource("html", errdex.WeCom))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "snippet.html")
}

// FuzzHTML checks that no input panics and that every candidate row and
// section is accounted for.
func FuzzHTML(f *testing.F) {
	f.Add("<table><thead><tr><th>错误码</th><th>错误说明</th><th>排查方法</th></tr></thead><tbody><tr><td>40001</td><td>不合法的 secret 参数</td><td><a href=\"#10649/错误码：40001\">查看帮助</a></td></tr></tbody></table><h5>错误码：40001</h5><p>不合法的 secret 参数</p>")
	f.Add("<h2>公共错误码</h2><table><tr><th>错误码</th><th>英文描述</th><th>中文描述</th></tr><tr><td>-1</td><td>system error</td><td>系统繁忙</td></tr></table><h2>微信云开发</h2><table><tr><th>错误码</th><th>含义</th></tr><tr><td>-40400x</td><td>x</td></tr></table>")
	f.Add("<table><tr><th>HttpCode</th><th>错误码</th><th>错误信息</th><th>说明</th></tr><tr><td>403</td><td>Forbidden.AccessDenied</td><td>没有权限</td><td>申请权限</td></tr><tr><td>-1</td><td>系统繁忙</td><td>稍候重试</td><td></td></tr></table>")
	f.Add("<table><tr><th>错误码</th></tr><td>0<tr><td>1</table><tr><td>2")
	for _, name := range []string{"wecom", "wechat", "dingtalk"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "html", name+".html")); err == nil {
			f.Add(string(b))
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parseHTML(strings.NewReader(s), testSource("html", errdex.WeCom))
		if err != nil {
			if fe := (*errdex.Error)(nil); !errors.As(err, &fe) || fe.Line < 0 {
				t.Fatalf("error is no *errdex.Error at file:line: %v", err)
			}
			return
		}
		requireAccounted(t, h)
		lines := strings.Count(s, "\n") + 1
		for _, e := range h.Entries {
			if e.Line < 1 || e.Line > lines {
				t.Fatalf("entry %s has line %d of %d", e.Code, e.Line, lines)
			}
		}
	})
}
