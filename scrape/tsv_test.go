package scrape

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"errdex"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tpParseContent parses the real snapshot of the manifest source id.
func tpParseContent(t *testing.T, id string) errdex.Harvest {
	t.Helper()
	src := contentSource(t, id)
	f, err := os.Open(filepath.Join("../content", src.Path))
	require.NoError(t, err)
	defer f.Close()
	h, err := Parse(f, src)
	require.NoError(t, err)
	return h
}

// tpEntryAt returns the entry of h on line, failing when there is none.
func tpEntryAt(t *testing.T, h errdex.Harvest, line int) errdex.Entry {
	t.Helper()
	for _, e := range h.Entries {
		if e.Line == line {
			return e
		}
	}
	t.Fatalf("no entry on line %d (skips: %v)", line, h.Skipped)
	return errdex.Entry{}
}

// tpEntriesOf returns the entries of h for code, in file order.
func tpEntriesOf(h errdex.Harvest, code string) []errdex.Entry {
	var out []errdex.Entry
	for _, e := range h.Entries {
		if e.Code == code {
			out = append(out, e)
		}
	}
	return out
}

// oplatformSource is the manifest's WeChat Open Platform source, written
// out so snippet tests do not depend on reading the manifest.
func oplatformSource() errdex.Source {
	src := testSource("tsv", errdex.WeChat)
	src.Scopes = map[string]errdex.ScopeTarget{
		"公共错误码": {}, "通用错误码": {},
		"微信小店": {Scope: "shop"}, "视频号": {Scope: "channels"}, "腾讯小微": {Scope: "xiaowei"},
		"商业能力": {Scope: "business"}, "微信云开发": {Scope: "cloudbase"},
		"微信云托管": {Scope: "cloudrun"}, "微信网关": {Scope: "gateway"},
	}
	return src
}

// tpLines joins snippet lines, each ending in a newline.
func tpLines(ls ...string) string { return strings.Join(ls, "\n") + "\n" }

// Expected texts are as newEntry normalizes them: clean applies NFKC, which
// turns the full-width ，and ： of the snapshots into , and :.
func TestTSVQuirks(t *testing.T) {
	type want struct {
		line               int
		code, label, scope string
		zh, en, fix        string
		helpRef            bool
		platform           errdex.Platform
		skipReason         string // set when the row must be skipped
		skipLine           int
	}
	tests := []struct {
		name  string
		src   errdex.Source
		input string
		check []want
		rows  int
		skips int
	}{
		{
			name: "older WeCom capture: no section, label empty, placeholder and help fixes",
			src:  testSource("tsv", errdex.WeCom),
			input: tpLines(
				"全局错误码",
				"企业应用每次调用接口时，可能获得正确或错误的返回码，企业可以根据返回码信息调试接口，排查错误。",
				"注意：开发者的程序应该根据errcode来判断出错的情况，而不应该依赖errmsg来匹配，因为errmsg可能会调整。",
				"",
				"全局返回码说明如下：",
				"",
				"错误码\t错误说明\t排查方法",
				"-1\t系统繁忙\t服务器暂不可用，建议稍候重试。建议重试次数不超过3次。",
				"40003\t无效的UserID\t查看帮助",
				"302005\t批量导入系统失败，请重新尝试导入\t-",
			),
			rows: 3,
			check: []want{
				{line: 8, code: "-1", zh: "系统繁忙", fix: "服务器暂不可用，建议稍候重试。建议重试次数不超过3次。", platform: errdex.WeCom},
				{line: 9, code: "40003", zh: "无效的UserID", helpRef: true, platform: errdex.WeCom},
				{line: 10, code: "302005", zh: "批量导入系统失败，请重新尝试导入", platform: errdex.WeCom},
			},
		},
		{
			name: "公共错误码 after navigation; empty 中文描述 cell",
			src:  oplatformSource(),
			input: tpLines(
				"  开放平台 ",
				"社区",
				"",
				"错误码",
				"全局错误码",
				"公共错误码",
				"错误码\t英文描述\t中文描述",
				"-1\tsystem error\t系统繁忙，此时请开发者稍候再试",
				"61016\tfunction category of API need be confirmed by component\t",
			),
			rows: 2,
			check: []want{
				{line: 8, code: "-1", label: "公共错误码", en: "system error", zh: "系统繁忙，此时请开发者稍候再试", platform: errdex.WeChat},
				{line: 9, code: "61016", label: "公共错误码", en: "function category of API need be confirmed by component", platform: errdex.WeChat},
			},
		},
		{
			name: "通用错误码 label reaches over its description sentence and blank line; empty 英文描述; zh without Han kept when en is set",
			src:  oplatformSource(),
			input: tpLines(
				"41018\tmissing component_appid\t",
				"通用错误码",
				"下面整理了公众号、小程序、小游戏、第三方平台的错误码，有些错误码各应用通用。",
				"",
				"错误码\t英文描述\t中文描述",
				"1003\t\tPOST参数非法",
				"20002\t\t商品id不存在",
				"47504\tactivity_id expired time\tactivity_id",
			),
			rows:  4,
			skips: 1,
			check: []want{
				{skipLine: 1, skipReason: "row outside a table: no header line above it"},
				{line: 6, code: "1003", label: "通用错误码", zh: "POST参数非法", platform: errdex.WeChat},
				{line: 7, code: "20002", label: "通用错误码", zh: "商品id不存在", platform: errdex.WeChat},
				{line: 8, code: "47504", label: "通用错误码", zh: "activity_id", en: "activity_id expired time", platform: errdex.WeChat},
			},
		},
		{
			name: "微信小店: 错误码/错误信息/解决方法, Chinese 错误信息 moves to zh",
			src:  oplatformSource(),
			input: tpLines(
				"微信小店",
				"错误码\t错误信息\t解决方法",
				"61004\taccess clientip is not registered, not in ip-white-list\t需要登录 channels.weixin.qq.com/shop 配置IP白名单",
				"10080000\t账号发起注销，进入注销公示期\t需要登录 channels.weixin.qq.com/shop 继续完成注销",
				"10080001\t账号已注销\t",
			),
			rows: 3,
			check: []want{
				{line: 3, code: "61004", label: "微信小店", scope: "shop", en: "access clientip is not registered, not in ip-white-list", fix: "需要登录 channels.weixin.qq.com/shop 配置IP白名单", platform: errdex.WeChat},
				{line: 4, code: "10080000", label: "微信小店", scope: "shop", zh: "账号发起注销，进入注销公示期", fix: "需要登录 channels.weixin.qq.com/shop 继续完成注销", platform: errdex.WeChat},
				{line: 5, code: "10080001", label: "微信小店", scope: "shop", zh: "账号已注销", platform: errdex.WeChat},
			},
		},
		{
			name: "腾讯小微 code/desc and 商业能力 errcode/errmsg/说明",
			src:  oplatformSource(),
			input: tpLines(
				"腾讯小微",
				"code\tdesc",
				"20002\t请求参数不是合法的json，或者某些字段格式不正确",
				"商业能力",
				"errcode\terrmsg\t说明",
				"103001\tparameter is invalid or missing\t缺少参数或参数取值不合法",
			),
			rows: 2,
			check: []want{
				{line: 3, code: "20002", label: "腾讯小微", scope: "xiaowei", zh: "请求参数不是合法的json，或者某些字段格式不正确", platform: errdex.WeChat},
				{line: 6, code: "103001", label: "商业能力", scope: "business", en: "parameter is invalid or missing", zh: "缺少参数或参数取值不合法", platform: errdex.WeChat},
			},
		},
		{
			name: "微信云开发 错误码/含义: -40400x as written, duplicates kept, notes after the table are not rows, errCode/说明",
			src:  oplatformSource(),
			input: tpLines(
				"微信云开发",
				"错误码\t含义",
				"-404011\tSDK 云函数错误：云函数调用失败：函数执行失败",
				"-40400x\tSDK 云函数错误：云函数调用失败",
				"-404011\tSDK 云函数错误：云函数执行失败",
				"-503003\t云资源文件存储错误：文件不存在",
				"-503003\t云资源文件存储错误：非法签名",
				"额外说明",
				"",
				"常见原因：客户端网络异常。",
				"特殊错误说明：",
				"微信云托管",
				"errCode\t说明",
				"102003\t触发用户频率限制",
			),
			rows: 6,
			check: []want{
				{line: 3, code: "-404011", label: "微信云开发", scope: "cloudbase", zh: "SDK 云函数错误：云函数调用失败：函数执行失败", platform: errdex.WeChat},
				{line: 4, code: "-40400x", label: "微信云开发", scope: "cloudbase", zh: "SDK 云函数错误：云函数调用失败", platform: errdex.WeChat},
				{line: 5, code: "-404011", label: "微信云开发", scope: "cloudbase", zh: "SDK 云函数错误：云函数执行失败", platform: errdex.WeChat},
				{line: 6, code: "-503003", label: "微信云开发", scope: "cloudbase", zh: "云资源文件存储错误：文件不存在", platform: errdex.WeChat},
				{line: 7, code: "-503003", label: "微信云开发", scope: "cloudbase", zh: "云资源文件存储错误：非法签名", platform: errdex.WeChat},
				{line: 14, code: "102003", label: "微信云托管", scope: "cloudrun", zh: "触发用户频率限制", platform: errdex.WeChat},
			},
		},
		{
			name: "malformed rows: short row padded, long row skipped, code-only row skipped, blank line inside a table",
			src:  testSource("tsv", errdex.WeChat),
			input: tpLines(
				"错误码\t英文描述\t中文描述",
				"40002\tinvalid grant_type",
				"40003\tinvalid openid\t不合法的 OpenID\textra cell",
				"40004",
				"40005\t\t\t",
				"",
				"40006\tinvalid meida size\t上传素材文件大小超出限制\t\t",
				"Copyright © 2012-2025 Tencent. All Rights Reserved.",
				"40007\tinvalid media_id\t不合法的媒体文件 id",
			),
			rows:  6,
			skips: 4,
			check: []want{
				{line: 2, code: "40002", en: "invalid grant_type", platform: errdex.WeChat},
				{skipLine: 3, skipReason: "row has 4 cells, its header (line 1) has 3: a tab inside a cell cannot be placed"},
				{skipLine: 4, skipReason: "code 40004: row has no message and no fix"},
				{skipLine: 5, skipReason: "code 40005: row has no message and no fix"},
				{line: 7, code: "40006", en: "invalid meida size", zh: "上传素材文件大小超出限制", platform: errdex.WeChat},
				{skipLine: 9, skipReason: "row outside a table: the table above ended at line 8"},
			},
		},
		{
			name:  "a Chinese column with no Han text moves to en when en is empty; CRLF and BOM",
			src:   testSource("tsv", errdex.WeChat),
			input: "\ufeff错误码\t含义\r\n40013\tinvalid appid\r\n",
			rows:  1,
			check: []want{
				{line: 2, code: "40013", en: "invalid appid", platform: errdex.WeChat},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := parseTSV(strings.NewReader(tt.input), tt.src)
			require.NoError(t, err)
			requireAccounted(t, h)
			assert.Equal(t, tt.rows, h.Rows, "rows")
			assert.Len(t, h.Skipped, tt.skips, "skips: %v", h.Skipped)
			for _, w := range tt.check {
				if w.skipReason != "" {
					assert.Contains(t, h.Skipped, errdex.Skip{Line: w.skipLine, Reason: w.skipReason})
					continue
				}
				e := tpEntryAt(t, h, w.line)
				assert.Equal(t, w.code, e.Code, "line %d code", w.line)
				assert.Equal(t, w.label, e.ScopeLabel, "line %d label", w.line)
				assert.Equal(t, w.scope, e.Scope, "line %d scope", w.line)
				assert.Equal(t, w.platform, e.Platform, "line %d platform", w.line)
				assert.Equal(t, w.zh, e.ZH, "line %d zh", w.line)
				assert.Equal(t, w.en, e.EN, "line %d en", w.line)
				assert.Equal(t, w.fix, e.Fix, "line %d fix", w.line)
				assert.Equal(t, w.helpRef, e.HelpRef, "line %d helpRef", w.line)
				assert.Equal(t, tt.src.ID, e.Source)
				assert.NotEmpty(t, e.Raw)
			}
		})
	}
}

func TestTSVPipeLongLines(t *testing.T) {
	long := "错误码\t含义\n40001\t" + strings.Repeat("长", 200_000) + "\n"
	h, err := parseTSV(strings.NewReader(long), testSource("tsv", errdex.WeChat))
	require.NoError(t, err)
	require.Len(t, h.Entries, 1)
	assert.Equal(t, 200_000, len([]rune(h.Entries[0].ZH)))

	tooLong := "错误码\t含义\n40001\t" + strings.Repeat("x", tsvMaxLine) + "\n"
	_, err = parseTSV(strings.NewReader(tooLong), testSource("tsv", errdex.WeChat))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "snippet.tsv:2: ")
	_, err = parsePipe(strings.NewReader("40001 |\n"+strings.Repeat("x", tsvMaxLine)), testSource("pipe", errdex.WeChat))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "snippet.pipe:2: ")
}

func TestTSVGolden(t *testing.T) {
	tests := []struct {
		name string
		src  errdex.Source
	}{
		{"wecom-older", testSource("tsv", errdex.WeCom)},
		{"oplatform-sections", oplatformSource()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", "tsv", tt.name+".tsv"))
			require.NoError(t, err)
			defer f.Close()
			h, err := parseTSV(f, tt.src)
			require.NoError(t, err)
			requireAccounted(t, h)
			golden(t, "tsv/"+tt.name+".golden", harvestJSON(t, h))
		})
	}
}

func TestTSVWeComOlderFile(t *testing.T) {
	h := tpParseContent(t, "wecom-global-older")
	requireAccounted(t, h)
	require.Equal(t, 192, h.Rows)
	assert.Len(t, h.Entries, 192)
	assert.Empty(t, h.Skipped)

	help := 0
	for _, e := range h.Entries {
		assert.Equal(t, "", e.ScopeLabel, "line %d", e.Line)
		assert.Equal(t, errdex.WeCom, e.Platform, "line %d", e.Line)
		assert.NotEmpty(t, e.ZH, "line %d", e.Line)
		assert.NotEqual(t, "-", e.Fix, "line %d", e.Line)
		if e.HelpRef {
			help++
		}
	}
	assert.Equal(t, 35, help, "fix cells that say 查看帮助")

	e := tpEntryAt(t, h, 8)
	assert.Equal(t, "-1", e.Code)
	assert.Equal(t, "系统繁忙", e.ZH)
	assert.Equal(t, "服务器暂不可用，建议稍候重试。建议重试次数不超过3次。", e.Fix)

	old := tpEntriesOf(h, "40093")
	require.Len(t, old, 1)
	assert.Equal(t, "不合法的jsapi_ticket参数", old[0].ZH, "001 keeps the older wording")
}

func TestTSVOplatformFile(t *testing.T) {
	h := tpParseContent(t, "wechat-oplatform-2025")
	requireAccounted(t, h)
	require.Equal(t, 2030, h.Rows)
	assert.Len(t, h.Entries, 2030)
	assert.Empty(t, h.Skipped)

	src := contentSource(t, "wechat-oplatform-2025")
	perLabel := map[string]int{}
	for _, e := range h.Entries {
		perLabel[e.ScopeLabel]++
		_, _, ok := src.Resolve(e.ScopeLabel)
		assert.True(t, ok, "line %d: label %q is not in the manifest", e.Line, e.ScopeLabel)
		assert.Equal(t, errdex.WeChat, e.Platform)
		assert.True(t, e.ZH != "" || e.EN != "", "line %d has no text", e.Line)
	}
	assert.Equal(t, map[string]int{
		"公共错误码": 25, "通用错误码": 1808, "微信小店": 29, "视频号": 27, "腾讯小微": 12,
		"商业能力": 14, "微信云开发": 95, "微信云托管": 10, "微信网关": 10,
	}, perLabel)

	t.Run("20002 under 腾讯小微 and under 通用错误码", func(t *testing.T) {
		es := tpEntriesOf(h, "20002")
		require.Len(t, es, 2)
		assert.Equal(t, "", es[0].Scope)
		assert.Equal(t, "商品id不存在", es[0].ZH)
		assert.Equal(t, "腾讯小微", es[1].ScopeLabel)
		assert.Equal(t, "xiaowei", es[1].Scope)
		assert.Equal(t, "请求参数不是合法的json，或者某些字段格式不正确", es[1].ZH)
	})
	t.Run("-40400x as written", func(t *testing.T) {
		es := tpEntriesOf(h, "-40400x")
		require.Len(t, es, 1)
		assert.Equal(t, 1975, es[0].Line)
		assert.Equal(t, "cloudbase", es[0].Scope)
	})
	t.Run("duplicates in 微信云开发", func(t *testing.T) {
		es := tpEntriesOf(h, "-404011")
		require.Len(t, es, 2)
		assert.Equal(t, []int{1973, 1976}, []int{es[0].Line, es[1].Line})
		es = tpEntriesOf(h, "-503003")
		require.Len(t, es, 2)
		assert.Equal(t, "云资源文件存储错误：文件不存在", es[0].ZH)
		assert.Equal(t, "云资源文件存储错误：非法签名", es[1].ZH)
		for _, e := range es {
			assert.Equal(t, "cloudbase", e.Scope)
		}
	})
	t.Run("微信云托管 and 微信网关 share codes", func(t *testing.T) {
		es := tpEntriesOf(h, "102003")
		require.Len(t, es, 2)
		assert.Equal(t, "cloudrun", es[0].Scope)
		assert.Equal(t, "gateway", es[1].Scope)
	})
	t.Run("Chinese 错误信息 in 视频号 moved to zh", func(t *testing.T) {
		e := tpEntryAt(t, h, 1912)
		assert.Equal(t, "10080001", e.Code)
		assert.Equal(t, "channels", e.Scope)
		assert.Equal(t, "账号已注销", e.ZH)
		assert.Equal(t, "", e.EN)
	})
}

func FuzzTSV(f *testing.F) {
	for _, seed := range []string{
		"全局返回码说明如下：\n\n错误码\t错误说明\t排查方法\n-1\t系统繁忙\t服务器暂不可用，建议稍候重试。建议重试次数不超过3次。\n40003\t无效的UserID\t查看帮助\n302005\t批量导入系统失败，请重新尝试导入\t-\n",
		"公共错误码\n错误码\t英文描述\t中文描述\n-1\tsystem error\t系统繁忙，此时请开发者稍候再试\n61016\tfunction category of API need be confirmed by component\t\n",
		"通用错误码\n下面整理了公众号、小程序、小游戏、第三方平台的错误码，有些错误码各应用通用。\n\n错误码\t英文描述\t中文描述\n1003\t\tPOST参数非法\n47504\tactivity_id expired time\tactivity_id\n",
		"微信小店\n错误码\t错误信息\t解决方法\n10080001\t账号已注销\t\n",
		"腾讯小微\ncode\tdesc\n0\t成功\n商业能力\nerrcode\terrmsg\t说明\n103001\tparameter is invalid or missing\t缺少参数或参数取值不合法\n",
		"微信云开发\n错误码\t含义\n-40400x\tSDK 云函数错误：云函数调用失败\n-503003\t云资源文件存储错误：非法签名\n额外说明\n\n微信云托管\nerrCode\t说明\n102003\t触发用户频率限制\n",
		"错误码\t英文描述\t中文描述\n40002\tinvalid grant_type\n40003\ta\tb\tc\n40004\n\n40005\tx\ty\t\t\nfoot\n40006\tz\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, input string) {
		h, err := parseTSV(strings.NewReader(input), oplatformSource())
		if err != nil {
			if !strings.HasPrefix(err.Error(), "snippet.tsv:") {
				t.Fatalf("error without file:line: %v", err)
			}
			return
		}
		requireAccounted(t, h)
		for _, e := range h.Entries {
			if e.Line < 1 || !isCode(e.Code) {
				t.Fatalf("bad entry %+v", e)
			}
		}
	})
}
