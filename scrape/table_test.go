package scrape

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex"
)

// tableIn writes one table, a header and rows of cells, in the format of
// each table adapter: the header on line 2, the rows from line 3 (from
// line 4 in Markdown, after the delimiter row).
func tableIn(format string, header []string, rows ...[]string) string {
	var b strings.Builder
	switch format {
	case "tsv":
		b.WriteString("标题\n" + strings.Join(header, "\t") + "\n")
		for _, r := range rows {
			b.WriteString(strings.Join(r, "\t") + "\n")
		}
	case "markdown":
		b.WriteString("\n| " + strings.Join(header, " | ") + " |\n|" + strings.Repeat(" --- |", len(header)) + "\n")
		for _, r := range rows {
			b.WriteString("| " + strings.Join(r, " | ") + " |\n")
		}
	case "html":
		b.WriteString("<table>\n<tr><th>" + strings.Join(header, "</th><th>") + "</th></tr>\n")
		for _, r := range rows {
			b.WriteString("<tr><td>" + strings.Join(r, "</td><td>") + "</td></tr>\n")
		}
		b.WriteString("</table>\n")
	}
	return b.String()
}

// TestTableStage: the three table adapters map a header with the one
// vocabulary and the source's column override, and treat an unknown
// column the same: an *errdex.Error at the header's line that points to
// the manifest, never to Go code.
func TestTableStage(t *testing.T) {
	for _, tc := range []struct {
		name    string
		header  []string
		rows    [][]string
		columns map[string]string
		want    []errdex.Entry // ZH, EN, Fix and Line compared
		skips   []errdex.Skip
		err     string // after "snippet.FORMAT:"
	}{
		{
			name:   "vocabulary: Chinese, English, fix",
			header: []string{"错误码", "英文描述", "中文描述", "排查方法"},
			rows:   [][]string{{"40001", "invalid credential", "不合法的调用凭证", "检查 secret"}},
			want:   []errdex.Entry{{Line: 3, ZH: "不合法的调用凭证", EN: "invalid credential", Fix: "检查 secret"}},
		},
		{
			name:   "a message by its script, 说明 the message while there is none",
			header: []string{"errcode", "errmsg", "说明"},
			rows:   [][]string{{"103001", "parameter is invalid", "缺少参数"}, {"103002", "参数过长", "请缩短"}},
			want: []errdex.Entry{{Line: 3, ZH: "缺少参数", EN: "parameter is invalid"},
				{Line: 4, ZH: "参数过长", Fix: "请缩短"}},
		},
		{
			name:   "a row with no message and no fix is skipped",
			header: []string{"错误码", "错误说明", "排查方法"},
			rows:   [][]string{{"40001", "", "-"}},
			skips:  []errdex.Skip{{Line: 3, Reason: "code 40001: row has no message and no fix"}},
		},
		{
			name:   "unknown column",
			header: []string{"错误码", "错误说明", "版本"},
			rows:   [][]string{{"40001", "不合法", "v2"}},
			err:    `2: table column "版本" is not a known column: say what it holds in the source's [[source]] table in sources.toml (id "test"), e.g. columns = { "版本" = "ignore" }; the roles are ignore, code, http, zh, en, message, fix, note, scope`,
		},
		{
			name:    "the override ignores a column",
			header:  []string{"错误码", "错误说明", "版本"},
			rows:    [][]string{{"40001", "不合法", "v2"}},
			columns: map[string]string{"版本": "ignore"},
			want:    []errdex.Entry{{Line: 3, ZH: "不合法"}},
		},
		{
			name:    "the override reads a known word otherwise",
			header:  []string{"错误码", "错误说明", "说明"},
			rows:    [][]string{{"40001", "不合法", "检查参数"}},
			columns: map[string]string{"说明": "fix"},
			want:    []errdex.Entry{{Line: 3, ZH: "不合法", Fix: "检查参数"}},
		},
		{
			name:    "the override names the code column",
			header:  []string{"编号", "含义"},
			rows:    [][]string{{"40001", "不合法"}},
			columns: map[string]string{"编号": "code"},
			want:    []errdex.Entry{{Line: 3, ZH: "不合法"}},
		},
		{
			name:   "two code columns",
			header: []string{"错误码", "code", "含义"},
			rows:   [][]string{{"40001", "40001", "不合法"}},
			err:    `2: table has two code columns ("错误码" and "code"): say which one is not in the source's [[source]] table in sources.toml (id "test"), e.g. columns = { "code" = "ignore" }`,
		},
	} {
		for _, format := range []string{"tsv", "markdown", "html"} {
			t.Run(tc.name+"/"+format, func(t *testing.T) {
				src := errdex.Source{ID: "test", Platform: errdex.WeCom, Format: format, Path: "snippet." + format, Columns: tc.columns}
				h, err := Parse(strings.NewReader(tableIn(format, tc.header, tc.rows...)), src)
				if tc.err != "" {
					require.Error(t, err)
					var fe *errdex.Error
					require.True(t, errors.As(err, &fe))
					assert.Equal(t, "snippet."+format+":"+tc.err, err.Error())
					assert.NotContains(t, err.Error(), ".go")
					return
				}
				require.NoError(t, err)
				requireAccounted(t, h)
				shift := 0
				if format == "markdown" {
					shift = 1 // the delimiter row
				}
				var got []errdex.Entry
				for _, e := range h.Entries {
					got = append(got, errdex.Entry{Line: e.Line - shift, ZH: e.ZH, EN: e.EN, Fix: e.Fix})
				}
				var skips []errdex.Skip
				for _, s := range h.Skipped {
					skips = append(skips, errdex.Skip{Line: s.Line - shift, Reason: s.Reason})
				}
				assert.Equal(t, tc.want, got)
				assert.Equal(t, tc.skips, skips)
				assert.Equal(t, len(tc.rows), h.Rows)
			})
		}
	}
}

// TestColumnRolesOneHome: every word of the vocabulary is written as
// headerKey writes a header cell, and the roles a manifest may name are
// the roles the vocabulary uses (and ignore).
func TestColumnRolesOneHome(t *testing.T) {
	used := map[string]bool{"ignore": true}
	for w, r := range columnWords {
		assert.Equal(t, headerKey(w), w, "vocabulary word %q", w)
		used[r.String()] = true
	}
	for _, name := range ColumnRoles() {
		r, ok := parseRole(name)
		require.True(t, ok, name)
		assert.Equal(t, name, r.String())
		assert.True(t, used[name], "role %s is in no vocabulary word", name)
	}
	_, ok := parseRole("fixx")
	assert.False(t, ok)
}
