package scrape

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"errdex"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mdHeader is the header of the WeCom page's tables, as in the snapshot.
const mdHeader = "| 错误码 | 错误说明 | 排查方法 |\n| ------ | -------- | -------- |\n"

// parseMarkdownString parses s with the test markdown source.
func parseMarkdownString(t testing.TB, s string) errdex.Harvest {
	t.Helper()
	h, err := parseMarkdown(strings.NewReader(s), testSource("markdown", errdex.WeCom))
	require.NoError(t, err)
	return h
}

// TestMarkdownRows checks each known defect of the WeCom snapshot, and the
// escapes, on the snapshot's own rows.
func TestMarkdownRows(t *testing.T) {
	tests := []struct {
		name string
		row  string // one table row, verbatim from the snapshot
		code string
		zh   string
		fix  string
		help bool
	}{
		{
			name: "plain row",
			row:  "| 6000   | 数据版本冲突 | 可能有多个调用端同时修改数据，稍后重试 |",
			code: "6000", zh: "数据版本冲突", fix: "可能有多个调用端同时修改数据，稍后重试",
		},
		{
			name: "negative code",
			row:  "| -1     | 系统繁忙 | 服务器暂不可用，建议稍候重试。建议重试次数不超过 3 次。 |",
			code: "-1", zh: "系统繁忙", fix: "服务器暂不可用，建议稍候重试。建议重试次数不超过 3 次。",
		},
		{
			name: "40088 fix starter split into the message cell",
			row:  "| 40088  | jobid 不存在 请检查                                                                                                                | jobid 来源                                                                                           |",
			code: "40088", zh: "jobid 不存在", fix: "请检查 jobid 来源",
		},
		{
			name: "48003 fix starter after an identifier",
			row:  "| 48003  | 不合法的 suite_id 确认 suite_access_token                                                                                          | 由指定的 suite_id 生成                                                                               |",
			code: "48003", zh: "不合法的 suite_id", fix: "确认 suite_access_token 由指定的 suite_id 生成",
		},
		{
			name: "81013 message continued in the fix cell",
			row:  "| 81013  | UserID、部门 ID、标签 ID                         | 全部非法或无权限 查看帮助                                                                |",
			code: "81013", zh: "UserID、部门 ID、标签 ID 全部非法或无权限", help: true,
		},
		{
			name: "81011 two cells",
			row:  "| 81011  | 无权限操作标签 查看帮助                          |",
			code: "81011", zh: "无权限操作标签", help: true,
		},
		{
			name: "90493 two cells with a fix",
			row:  "| 90493  | 使用了废弃的参数 参考接口文档检查传入字段                                                      |",
			code: "90493", zh: "使用了废弃的参数", fix: "参考接口文档检查传入字段",
		},
		{
			name: "94000 two cells, fix starts with 请在",
			row:  "| 94000  | 应用未开启工作台自定义模式 请在管理端后台应用详情里面开启自定义工作台模式                      |",
			code: "94000", zh: "应用未开启工作台自定义模式", fix: "请在管理端后台应用详情里面开启自定义工作台模式",
		},
		{
			name: "90509 two cells without a fix starter stay a message",
			row:  "| 90509  | 非企业微信客户群 当前群不是企业微信的客户群                                                    |",
			code: "90509", zh: "非企业微信客户群 当前群不是企业微信的客户群",
		},
		{
			name: "85011 two cells, message only",
			row:  "| 85011  | 校验回调地址失败                                                                               |",
			code: "85011", zh: "校验回调地址失败",
		},
		{
			name: "60144 fix ending in 查看帮助 after a comma is a fix",
			row:  "| 60144  | 企业邮箱更新失败                                                         | 企业邮箱已无法更新，查看帮助                                                        |",
			code: "60144", zh: "企业邮箱更新失败", fix: "企业邮箱已无法更新，查看帮助",
		},
		{
			name: "media\\*id is a mangled underscore",
			row:  "| 40007  | 不合法的 media\\*id 参数                                                                                                            | 查看帮助                                                                                             |",
			code: "40007", zh: "不合法的 media_id 参数", help: true,
		},
		{
			name: "&#124; and other escapes",
			row:  "| 60009  | 部门名称含有非法字符                                                     | 不能含有 :?\\*\"<>&#124; 等字符                                                      |",
			code: "60009", zh: "部门名称含有非法字符", fix: "不能含有 :?*\"<>| 等字符",
		},
		{
			name: "escaped underscore",
			row:  "| 301014 | 参数 english_name 不合法 | 只能是由字母、数字、点(.)、减号(-)、空格或下划线(\\_)组成 |",
			code: "301014", zh: "参数 english_name 不合法", fix: "只能是由字母、数字、点(.)、减号(-)、空格或下划线(_)组成",
		},
		{
			name: "\\uxxxx stays",
			row:  "| 40033  | 不合法的请求字符                                                                                                                   | 不能包含\\uxxxx 格式的字符                                                                           |",
			code: "40033", zh: "不合法的请求字符", fix: "不能包含\\uxxxx 格式的字符",
		},
		{
			name: "学校\\企业 stays",
			row:  "| 65018  | 家长人数达到上限                                                         | 未验证的学校\\企业最多可添加 2000 名家长，验证过的学校\\企业最多可添加 20000 名家长 |",
			code: "65018", zh: "家长人数达到上限", fix: "未验证的学校\\企业最多可添加 2000 名家长，验证过的学校\\企业最多可添加 20000 名家长",
		},
		{
			name: "intra-page link means see help",
			row:  "| 40054  | 不合法的子菜单 url 域名                                                                                                            | [查看帮助](#10649/错误码：40054 40055)                                                               |",
			code: "40054", zh: "不合法的子菜单 url 域名", help: true,
		},
		{
			name: "placeholder fix",
			row:  "| 41022  | 缺少 suite_access_token 参数 | - |",
			code: "41022", zh: "缺少 suite_access_token 参数",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := parseMarkdownString(t, mdHeader+tt.row+"\n")
			require.Equal(t, 1, h.Rows)
			require.Len(t, h.Entries, 1)
			e := h.Entries[0]
			assert.Equal(t, tt.code, e.Code)
			assert.Equal(t, tt.zh, e.ZH)
			assert.Empty(t, e.EN)
			assert.Equal(t, tt.fix, e.Fix)
			assert.Equal(t, tt.help, e.HelpRef)
			assert.Equal(t, 3, e.Line)
			assert.Equal(t, tt.row, e.Raw)
			assert.Equal(t, errdex.WeCom, e.Platform)
			assert.Empty(t, e.ScopeLabel)
			requireAccounted(t, h)
		})
	}
}

// TestMarkdownRepair checks the two repair rules on their own.
func TestMarkdownRepair(t *testing.T) {
	tests := []struct {
		name, msg, fix, wantMsg, wantFix string
	}{
		{"nothing to repair", "系统繁忙", "稍后重试", "系统繁忙", "稍后重试"},
		{"starter at the start is the message", "确认失败", "-", "确认失败", "-"},
		{"starter inside a word is not one", "二次确认失败", "", "二次确认失败", ""},
		{"starter tail and placeholder fix", "群组成员为空 检查 userlist", "-", "群组成员为空", "检查 userlist"},
		{"help tail and help fix", "无注册信息 查看帮助", "查看帮助", "无注册信息", "查看帮助"},
		{"continuation ending a sentence stays a fix", "A", "请检查。 查看帮助", "A", "请检查。 查看帮助"},
		{"continuation starting with a starter stays a fix", "A", "请检查参数 查看帮助", "A", "请检查参数 查看帮助"},
		{"continuation back to the message", "UserID、部门 ID", "全部非法 查看帮助", "UserID、部门 ID 全部非法", "查看帮助"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, fix := mdRepair(tt.msg, tt.fix)
			assert.Equal(t, tt.wantMsg, msg)
			assert.Equal(t, tt.wantFix, fix)
		})
	}
}

// TestMarkdownFrontMatter checks that front matter is not rendered and that
// line numbers stay those of the file.
func TestMarkdownFrontMatter(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantLine int
		wantRows int
	}{
		{
			name:     "front matter",
			in:       "---\nref: https://developer.work.weixin.qq.com/document/path/90455\ndate: 2023/01/06\n---\n\n" + mdHeader + "| 0 | 请求成功 | 接口调用成功 |\n",
			wantLine: 8, wantRows: 1,
		},
		{
			// Rendered, "| 40001 | x |" under "---" would be a setext
			// heading; blanked, it is not there at all.
			name:     "front matter holding a table row",
			in:       "---\n| 40001 | x | y |\n---\n" + mdHeader + "| 0 | 请求成功 | 接口调用成功 |\n",
			wantLine: 6, wantRows: 1,
		},
		{
			name:     "no closing line: not front matter",
			in:       "---\n\n" + mdHeader + "| 0 | 请求成功 | 接口调用成功 |\n",
			wantLine: 5, wantRows: 1,
		},
		{
			name:     "CRLF",
			in:       "---\r\nref: x\r\n---\r\n" + strings.ReplaceAll(mdHeader, "\n", "\r\n") + "| 0 | 请求成功 | 接口调用成功 |\r\n",
			wantLine: 6, wantRows: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := parseMarkdownString(t, tt.in)
			require.Equal(t, tt.wantRows, h.Rows)
			require.Len(t, h.Entries, 1)
			assert.Equal(t, tt.wantLine, h.Entries[0].Line)
			assert.Equal(t, "0", h.Entries[0].Code)
			assert.Equal(t, "请求成功", h.Entries[0].ZH)
			assert.Equal(t, "| 0 | 请求成功 | 接口调用成功 |", h.Entries[0].Raw)
		})
	}
}

// TestMarkdownCandidates checks which rows count as candidate rows and how
// they are accounted for.
func TestMarkdownCandidates(t *testing.T) {
	tests := []struct {
		name        string
		in          string
		rows        int
		entries     int
		skips       []errdex.Skip
		wantCodes   []string
		wantEntryAt []int
	}{
		{
			name: "repeated codes are all kept",
			in: mdHeader + "| 301025 | 审批开放接口参数错误 | 查看帮助 |\n| 301026 | 获取审批模板数据失败 | 可能是审批模板未通过审核 |\n" +
				"| 301025 | 参数错误 | - |\n| 301026 | 获取数据失败 | - |\n",
			rows: 4, entries: 4,
			wantCodes:   []string{"301025", "301026", "301025", "301026"},
			wantEntryAt: []int{3, 4, 5, 6},
		},
		{
			name:    "rows without a code are not candidates",
			in:      mdHeader + "| 说明 | 以下为通用错误码 | |\n| 0 | 请求成功 | 接口调用成功 |\n|  | | |\n",
			rows:    1,
			entries: 1, wantCodes: []string{"0"}, wantEntryAt: []int{4},
		},
		{
			name: "a code without text is skipped",
			in:   mdHeader + "| 0 | 请求成功 | 接口调用成功 |\n| 40001 | | - |\n",
			rows: 2, entries: 1,
			skips:     []errdex.Skip{{Line: 4, Reason: "code 40001: row has no message and no fix"}},
			wantCodes: []string{"0"}, wantEntryAt: []int{3},
		},
		{
			name: "several tables, headings lost between them",
			in:   "# 全局错误码\n\n" + mdHeader + "| -1 | 系统繁忙 | 稍候重试 |\n\n" + mdHeader + "| 60009 | 部门名称含有非法字符 | - |\n",
			rows: 2, entries: 2,
			wantCodes: []string{"-1", "60009"}, wantEntryAt: []int{5, 9},
		},
		{
			name: "a table in a block quote",
			in:   "> " + strings.ReplaceAll(mdHeader, "\n", "\n> ") + "| 0 | 请求成功 | 接口调用成功 |\n",
			rows: 1, entries: 1,
			wantCodes: []string{"0"}, wantEntryAt: []int{3},
		},
		{
			name: "a table with another header",
			in:   "| code | desc |\n| --- | --- |\n| 0 | 成功 |\n",
			rows: 1, entries: 1,
			wantCodes: []string{"0"}, wantEntryAt: []int{3},
		},
		{
			name: "no message header: the first unnamed column is the message",
			in:   "| 错误码 | |\n| --- | --- |\n| 1 | 失败 |\n",
			rows: 1, entries: 1,
			wantCodes: []string{"1"}, wantEntryAt: []int{3},
		},
		{
			name: "a table in a list item, without outer pipes",
			in:   "- 错误码 | 错误说明\n  --- | ---\n  1 | 失败\n",
			rows: 1, entries: 1,
			wantCodes: []string{"1"}, wantEntryAt: []int{3},
		},
		{
			name: "no tables",
			in:   "# 全局错误码\n\n40001 不合法的 secret 参数\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := parseMarkdownString(t, tt.in)
			assert.Equal(t, tt.rows, h.Rows)
			assert.Len(t, h.Entries, tt.entries)
			assert.Equal(t, tt.skips, h.Skipped)
			var codes []string
			var lines []int
			for _, e := range h.Entries {
				codes = append(codes, e.Code)
				lines = append(lines, e.Line)
			}
			assert.Equal(t, tt.wantCodes, codes)
			assert.Equal(t, tt.wantEntryAt, lines)
			requireAccounted(t, h)
		})
	}
}

// TestMarkdownSections checks troubleshooting sections: two codes under one
// heading, the block embedded in 60011, rows preferred by HelpRef, orphans.
func TestMarkdownSections(t *testing.T) {
	in := mdHeader +
		"| 40054 | 不合法的子菜单 url 域名 | [查看帮助](#10649/错误码：40054 40055) |\n" + // 3
		"| 40055 | 不合法的菜单 url 域名 | [查看帮助](#10649/错误码：40054 40055) |\n" + // 4
		"| 60011 | 指定的成员/部门/标签参数无权限 | 查看帮助 |\n" + // 5
		"| 60020 | 不安全的访问 IP | 查看帮助 |\n" + // 6
		"| 301025 | 审批开放接口参数错误 | 查看帮助 |\n" + // 7
		"| 301025 | 参数错误 | - |\n" + // 8
		"| 301026 | 获取审批模板数据失败 | 可能是审批模板未通过审核 |\n" + // 9
		"| 301026 | 获取数据失败 | - |\n" + // 10
		"\n## 排查方法\n\n" + // 11-13
		"### 错误码：40054 40055\n\n菜单设置 URL 不合法。确认：\n\n" + // 14-17
		"### 错误码：60011\n\n" + // 18-19
		"指定的成员/部门/标签参数无权限。请确认：\n\n" + // 20-21
		"1. 指定的成员或部门或标签不在应用的可见范围之内。\n" + // 22
		"3. 其他情况一般是应用不满足该接口调用的权限要求，请阅读相应接口说明文档中的“权限说明”。\n" + // 23
		"   错误码：60020\n" + // 24
		"   不安全的访问 IP。请根据调用的应用类型分别按如下方法确认：\n" + // 25
		"   1. 若调用者是企业自建应用或通讯录同步助手，请确认该 IP 是本企业服务器 IP。\n" + // 26
		"4. 配置完可信 IP 之后，需要 1 分钟后才生效。\n\n" + // 27-28
		"### 错误码：301025\n\n审批开放接口参数错误。\n\n" + // 29-32
		"### 错误码：301026\n\n获取审批模板数据失败。\n\n" + // 33-36
		"### 错误码：45009\n\n接口调用超过限制。\n" // 37-39
	h := parseMarkdownString(t, in)
	require.Equal(t, 8, h.Rows)
	assert.Equal(t, 5, h.Sections, "the embedded 60020 block is not counted")
	assert.Equal(t, 4, h.Attached)
	assert.Equal(t, []errdex.Skip{{Line: 37, Reason: "troubleshooting section for 45009 matches no row"}}, h.Orphans)
	requireAccounted(t, h)

	type ts struct {
		line int
		text string
	}
	want := map[int]ts{
		3: {14, "菜单设置 URL 不合法。确认："},
		4: {14, "菜单设置 URL 不合法。确认："},
		5: {18, "指定的成员/部门/标签参数无权限。请确认：\n\n1. 指定的成员或部门或标签不在应用的可见范围之内。\n3. 其他情况一般是应用不满足该接口调用的权限要求，请阅读相应接口说明文档中的“权限说明”。"},
		6: {24, "不安全的访问 IP。请根据调用的应用类型分别按如下方法确认：\n1. 若调用者是企业自建应用或通讯录同步助手，请确认该 IP 是本企业服务器 IP。\n4. 配置完可信 IP 之后，需要 1 分钟后才生效。"},
		7: {29, "审批开放接口参数错误。"},
		// 301026 has no HelpRef row: the section goes to all its rows.
		9:  {33, "获取审批模板数据失败。"},
		10: {33, "获取审批模板数据失败。"},
	}
	for _, e := range h.Entries {
		t.Run(fmt.Sprintf("%s@%d", e.Code, e.Line), func(t *testing.T) {
			w := want[e.Line]
			assert.Equal(t, w.line, e.TroubleshootingLine)
			assert.Equal(t, w.text, e.Troubleshooting)
		})
	}
}

// TestMarkdownEmbeddedOrphan checks that an embedded block whose code has no
// row stays in the enclosing section, so accounting still adds up.
func TestMarkdownEmbeddedOrphan(t *testing.T) {
	in := mdHeader + "| 60011 | 指定的成员/部门/标签参数无权限 | 查看帮助 |\n\n## 排查方法\n\n### 错误码：60011\n\n请确认：\n   错误码：60020\n   不安全的访问 IP。\n"
	h := parseMarkdownString(t, in)
	require.Len(t, h.Entries, 1)
	assert.Equal(t, "请确认：\n   错误码：60020\n   不安全的访问 IP。", h.Entries[0].Troubleshooting)
	assert.Equal(t, 1, h.Sections)
	assert.Equal(t, 1, h.Attached)
	requireAccounted(t, h)
}

// TestMarkdownHeadings checks which headings start a troubleshooting section.
func TestMarkdownHeadings(t *testing.T) {
	tests := []struct {
		heading string
		codes   []string
	}{
		{"错误码：40001", []string{"40001"}},
		{"错误码：40054 40055", []string{"40054", "40055"}},
		{"错误码: -1", []string{"-1"}},
		{"错误码：40054、40055", []string{"40054", "40055"}},
		{"错误码：40054 和 40055", []string{"40054", "40055"}},
		{"排查方法", nil},
		{"错误码", nil},
		{"错误码：无", nil},
	}
	for _, tt := range tests {
		t.Run(tt.heading, func(t *testing.T) {
			assert.Equal(t, tt.codes, sectionCodes(tt.heading))
		})
	}
}

// TestMarkdownSnippet is the golden test of a snippet of the real snapshot.
func TestMarkdownSnippet(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "markdown", "snippet.md"))
	require.NoError(t, err)
	defer f.Close()
	h, err := parseMarkdown(f, testSource("markdown", errdex.WeCom))
	require.NoError(t, err)
	requireAccounted(t, h)
	golden(t, "markdown/snippet.golden", harvestJSON(t, h))
}

// TestMarkdownContent reads the whole WeCom snapshot: every row and section
// is accounted for against the manifest's independent counts.
func TestMarkdownContent(t *testing.T) {
	src := contentSource(t, "wecom-global-2023")
	require.Equal(t, "markdown", src.Format)
	f, err := os.Open(filepath.Join("..", "content", src.Path))
	require.NoError(t, err)
	defer f.Close()
	h, err := Parse(f, src)
	require.NoError(t, err)
	assert.Equal(t, 1036, h.Rows)
	assert.Equal(t, 54, h.Sections)
	assert.Equal(t, 54, h.Attached)
	assert.Empty(t, h.Orphans)
	assert.Empty(t, h.Skipped)
	requireAccounted(t, h)

	codes := map[string]int{}
	for _, e := range h.Entries {
		codes[e.Code]++
	}
	assert.Len(t, codes, 1032)
	for _, c := range []string{"301025", "301055"} {
		assert.Equal(t, 2, codes[c], c)
	}
	assert.Equal(t, 3, codes["301026"])
	// The entries are summarized in testdata/snapshots (a hash), the odd
	// rows kept in testdata/defects (TestKnownDefects).
}

// TestMarkdownReadError checks that a read error names the file.
func TestMarkdownReadError(t *testing.T) {
	_, err := parseMarkdown(iotest.ErrReader(os.ErrClosed), testSource("markdown", errdex.WeCom))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "snippet.markdown")
}

// FuzzMarkdown checks that no input panics and that every candidate row and
// section is accounted for.
func FuzzMarkdown(f *testing.F) {
	f.Add(mdHeader + "| 40088  | jobid 不存在 请检查 | jobid 来源 |\n")
	f.Add(mdHeader + "| 81011  | 无权限操作标签 查看帮助 |\n| 81013  | UserID、部门 ID、标签 ID | 全部非法或无权限 查看帮助 |\n")
	f.Add(mdHeader + "| 40007  | 不合法的 media\\*id 参数 | 查看帮助 |\n| 60009 | 部门名称含有非法字符 | 不能含有 :?\\*\"<>&#124; 等字符 |\n")
	f.Add(mdHeader + "| 40054 | 不合法的子菜单 url 域名 | [查看帮助](#10649/错误码：40054 40055) |\n\n## 排查方法\n\n### 错误码：40054 40055\n\n菜单设置 URL 不合法。\n")
	f.Add("---\nref: https://developer.work.weixin.qq.com/document/path/90455\ndate: 2023/01/06\n---\n\n# 全局错误码\n")
	f.Add("### 错误码：60011\n\n1. x\n   错误码：60020\n   不安全的访问 IP。\n4. y\n")
	if b, err := os.ReadFile(filepath.Join("testdata", "markdown", "snippet.md")); err == nil {
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := parseMarkdown(strings.NewReader(s), testSource("markdown", errdex.WeCom))
		if err != nil {
			if fe := (*errdex.Error)(nil); !errors.As(err, &fe) || fe.Line < 0 {
				t.Fatalf("error is no *errdex.Error at file:line: %v", err)
			}
			return
		}
		requireAccounted(t, h)
		for _, e := range h.Entries {
			if e.Line < 1 {
				t.Fatalf("entry %s has line %d", e.Code, e.Line)
			}
		}
	})
}
