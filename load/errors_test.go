package load_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex"
	"errdex/load"
	"errdex/load/loadtest"
)

// manifest is a small manifest whose second source is at line 7.
const manifest = `-- sources.toml --
[[source]]
id = "wecom-a"
platform = "wecom"
format = "tsv"
path = "a.tsv"

[[source]]
id = "wecom-b"
platform = "wecom"
format = "tsv"
path = "b.tsv"
`

// twoTables are two good snapshots for manifest.
const twoTables = `-- a.tsv --
错误码	错误说明	排查方法
40001	不合法的secret参数	检查secret
-- b.tsv --
错误码	错误说明
40002	不合法的凭证类型
`

// TestReadErrors: every problem in a content tree comes out of Read as an
// *errdex.Error at the top (errors.As finds it, and it is the error itself),
// naming the file inside the tree and the line where it is known, once.
func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, files string
		want        string
	}{
		{"no manifest", twoTables, "sources.toml: file does not exist"},
		{"manifest syntax", "-- sources.toml --\n[[source]]\nid = \"x\nplatform = \"wecom\"\n",
			"sources.toml:2: strings cannot contain newlines"},
		{"bad format at the source's line", manifestWith(`format = "tsv"`+"\npath = \"b.tsv\"", `format = "xls"`+"\npath = \"b.tsv\"") + twoTables,
			`sources.toml:7: [[source]] #2 (id "wecom-b"): format "xls": use one of [dingtalk html markdown pipe responses tsv]`},
		{"missing snapshot", manifest + "-- a.tsv --\n错误码\t错误说明\n40001\tx\n",
			"sources.toml:7: source wecom-b: snapshot b.tsv: file does not exist: check its path"},
		{"unreadable snapshot", manifest + "-- a.tsv --\n\x8f\xff\xfe\xff\x80\n-- b.tsv --\n",
			"a.tsv: not UTF-8, UTF-16 with a byte order mark, or GB18030: convert it to UTF-8 (e.g. iconv -f GB18030 -t UTF-8) and commit the converted snapshot"},
		{"unknown table column", manifest + "-- a.tsv --\n错误码\t错误说明\n40001\tx\n-- b.tsv --\n标题\n错误码\t错误说明\t版本\n40002\tx\tv2\n",
			`b.tsv:2: table column "版本" is not a known column: say what it holds in the source's [[source]] table in sources.toml (id "wecom-b"), e.g. columns = { "版本" = "ignore" }; the roles are ignore, code, http, zh, en, message, fix, note, scope`},
		{"bad column override", manifestWith(`path = "b.tsv"`, `path = "b.tsv"`+"\ncolumns = { \"版本\" = \"fixx\" }") + twoTables,
			`sources.toml:7: [[source]] #2 (id "wecom-b"): columns: "版本" = "fixx": name a header word and one of the roles ignore, code, http, zh, en, message, fix, note, scope`},
		{"column override twice", manifestWith(`path = "b.tsv"`, `path = "b.tsv"`+"\ncolumns = { \"版本\" = \"ignore\", \"版 本\" = \"fix\" }") + twoTables,
			`sources.toml:7: [[source]] #2 (id "wecom-b"): columns: "版 本" and "版本" name the same header: keep one`},
		{"erratum on the wrong row", manifest + twoTables + "-- errata.toml --\n# note\n\n[[erratum]]\nsource = \"wecom-a\"\nline = 2\ncode = \"40009\"\nzh = \"x\"\nreason = \"r\"\n",
			"errata.toml:3: a.tsv:2 is code 40001, not 40009: check the erratum's line"},
		{"erratum with no row", manifest + twoTables + "-- errata.toml --\n[[erratum]]\nsource = \"wecom-a\"\nline = 9\ncode = \"40001\"\nzh = \"x\"\nreason = \"r\"\n",
			"errata.toml:1: no row of wecom-a at line 9: the snapshot changed, or the erratum's source or line is wrong"},
		{"review without a verdict", manifest + twoTables + "-- reviews.toml --\n[[review]]\nplatform = \"wecom\"\ncode = \"40001\"\nverdict = \"maybe\"\n",
			`reviews.toml:1: verdict "maybe": write same or different`},
		{"glossary term", manifestWith(`path = "a.tsv"`, `path = "a.tsv"`+"\nglossary = \"g.toml\"") + twoTables + "-- g.toml --\n[[term]]\nfrom = \"a\"\nto = \"a\"\n",
			`g.toml:1: [[term]] #1 (from "a"): from and to are the same: remove the term (the glossary of source "wecom-a")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load.Read(loadtest.FS(tc.files))
			require.Error(t, err)
			var fe *errdex.Error
			require.True(t, errors.As(err, &fe), "%T %v", err, err)
			assert.Same(t, fe, err, "the *errdex.Error is the error itself, not wrapped in more text")
			assert.Equal(t, tc.want, err.Error())
			assert.Equal(t, "content/"+tc.want, fe.In("content").Error())
		})
	}
}

// manifestWith is the archive manifest with the first old replaced by new.
func manifestWith(old, new string) string {
	i := len(manifest) - len(old)
	for ; i >= 0; i-- {
		if manifest[i:i+len(old)] == old {
			return manifest[:i] + new + manifest[i+len(old):]
		}
	}
	panic("manifestWith: " + old)
}
