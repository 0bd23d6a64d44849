package render_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"errdex/load"
	"errdex/load/loadtest"
	"errdex/render"
	"errdex/scrape"
	"errdex/static"
	"errdex/templates"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// fuzzSeeds are snapshots, one per case the hardening covers, each with
// the format to read it as.
func fuzzSeeds() []struct {
	format string
	data   string
} {
	md := "| 错误码 | 错误说明 | 排查方法 |\n| --- | --- | --- |\n| 40001 | 不合法的 secret 参数 | 见 40014 |\n| 40014 | 不合法的 access_token | `40001` [链接](x) 40001 |\n\n### 错误码：40001\n\n```json\n{\"errcode\": 40014}\n```\n\n见 40014。\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().String(md)
	return []struct {
		format string
		data   string
	}{
		{"markdown", md},
		{"markdown", md + "\n### 错误码：40014\n\n" + strings.Repeat(">", 600) + " 深处 40001\n"},
		{"markdown", md + "\n### 错误码：40014\n\n" + strings.Repeat("- ", 600) + "深处\n"},
		{"markdown", gbk},
		{"markdown", "\xef\xbb\xbf" + strings.Replace(md, "secret", "sec\x00ret\x01\xff\xfe", 1)},
		{"markdown", strings.Replace(md, "不合法的 access_token", strings.Repeat("很长的说明 ", 40<<10/16)+"\u2028", 1)},
		{"html", "<table><tr><th>HttpCode</th><th>错误码</th><th>错误信息</th><th>说明</th></tr><tr><td>400</td><td>index.html</td><td>x</td><td>y</td></tr><tr><td>403</td><td>Forbidden.AccessDenied</td><td>denied</td><td>没有权限</td></tr></table>"},
		{"tsv", "错误码\t错误说明\t排查方法\n40001\t不合法的 secret 参数\t检查 secret\n40014\t不合法的 access_token\t重新获取\n"},
		{"pipe", "-1 |\n系统繁忙,此时请开发者稍候再试 |\nSystem busy. Please try again later. |\n|\n0 |\n请求成功 |\nSuccessful request |\n|\n"},
		{"dingtalk", "42001{\n\"errcode\":42001,\n\"errmsg\":\"access_token timeout\"\n}\naccess_token timeout. Please check the network status.\n"},
	}
}

// maxFuzzInput bounds the snapshots FuzzSite tries: a whole-site render
// of a mutated input of megabytes takes seconds under the fuzzer's
// instrumentation and stalls the search.
const maxFuzzInput = 64 << 10

// fuzzContent is a content tree of one source: the snapshot data, read
// as format. The snapshot is not written in txtar: fuzzed bytes may hold
// a line that reads as a file marker.
func fuzzContent(format string, data []byte) fstest.MapFS {
	platform := "wecom"
	if format == "dingtalk" || format == "html" {
		platform = "dingtalk"
	}
	fsys := loadtest.FS(`
-- sources.toml --
[[source]]
id = "fuzz"
platform = "` + platform + `"
title = "fuzz"
format = "` + format + `"
path = "snapshot"
`)
	fsys["snapshot"] = &fstest.MapFile{Data: data}
	return fsys
}

// FuzzSite goes end to end: snapshot bytes → load.Read (scrape, merge) →
// render → Verify, in an in-memory content tree of one source. Whatever the bytes,
// nothing panics; when the source reads, every candidate row is an entry
// or a skip, and every page of the site passes Verify.
func FuzzSite(f *testing.F) {
	formats := scrape.Formats()
	for _, s := range fuzzSeeds() {
		for i, name := range formats {
			if name == s.format {
				f.Add(uint8(i), []byte(s.data))
			}
		}
	}
	f.Fuzz(func(t *testing.T, format uint8, data []byte) {
		if len(data) > maxFuzzInput {
			return // size is covered by the seeds and TestLongTextsAreCapped; big inputs only slow the search
		}
		c, err := load.Read(fuzzContent(formats[int(format)%len(formats)], data))
		if err != nil {
			return // an error that names the file, not a panic
		}
		for _, h := range c.Harvests {
			if n, msg := h.Unaccounted(); n != 0 || msg != "" {
				t.Fatalf("rows unaccounted: %s", msg)
			}
			if len(h.Entries)+len(h.Skipped) != h.Rows {
				t.Fatalf("%d entries + %d skips != %d rows", len(h.Entries), len(h.Skipped), h.Rows)
			}
		}
		files, err := render.Files(c.Catalog, render.Options{Templates: templates.FS, Static: static.FS, Bundle: true})
		if err != nil {
			t.Fatalf("render: %v", err)
		}
		if problems := render.Verify(files); len(problems) > 0 {
			t.Fatalf("verify: %d problems, first: %s", len(problems), problems[0])
		}
	})
}

// TestFuzzSeedsRead: every seed of FuzzSite reads, gives entries, and
// renders a site that passes Verify (on the old code the deep nesting
// stopped the build and the bad bytes reached the pages).
func TestFuzzSeedsRead(t *testing.T) {
	for i, s := range fuzzSeeds() {
		t.Run(fmt.Sprint(i, "-", s.format), func(t *testing.T) {
			c, err := load.Read(fuzzContent(s.format, []byte(s.data)))
			require.NoError(t, err)
			hs := c.Harvests
			require.Len(t, hs, 1)
			n, msg := hs[0].Unaccounted()
			require.Zero(t, n, msg)
			require.Empty(t, msg)
			require.NotEmpty(t, hs[0].Entries)
			files, err := render.Files(c.Catalog, render.Options{Templates: templates.FS, Static: static.FS, Bundle: true})
			require.NoError(t, err)
			require.Empty(t, render.Verify(files))
			for name, data := range files {
				require.True(t, utf8.Valid(data), name)
				require.False(t, bytes.ContainsAny(data, "\x00\x01"), name)
			}
		})
	}
}
