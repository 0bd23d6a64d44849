package main

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex"
	"errdex/load/loadtest"
)

// TestContentErrorsPrinted: a problem in the content tree is printed as
// "errdex: content/FILE:LINE: …", the content directory and the file named
// once, and the *errdex.Error is found with errors.As from the top.
func TestContentErrorsPrinted(t *testing.T) {
	const good = "错误码\t错误说明\n40001\t不合法的secret参数\n"
	manifest := func(extra string) string {
		return "# test\n\n[[source]]\nid = \"wecom-a\"\nplatform = \"wecom\"\nformat = \"tsv\"\npath = \"a.tsv\"\n" + extra
	}
	for _, tc := range []struct {
		name    string
		archive string // the content tree (loadtest.Write)
		want    string
	}{
		{"manifest syntax", "-- sources.toml --\n" + "[[source]]\nid = \"x\nformat = \"tsv\"\n",
			"errdex: content/sources.toml:2: strings cannot contain newlines\n"},
		{"unknown format", "-- sources.toml --\n" + manifest("") + "\n[[source]]\nid = \"wecom-b\"\nplatform = \"wecom\"\nformat = \"xls\"\npath = \"b.xls\"\n" + "-- a.tsv --\n" + good,
			"errdex: content/sources.toml:9: [[source]] #2 (id \"wecom-b\"): format \"xls\": use one of [dingtalk html markdown pipe responses tsv]\n"},
		{"missing snapshot", "-- sources.toml --\n" + manifest(""),
			"errdex: content/sources.toml:3: source wecom-a: snapshot a.tsv: no such file or directory: check its path\n"},
		{"unknown table column", "-- sources.toml --\n" + manifest("") + "-- a.tsv --\n" + "标题\n错误码\t错误说明\t版本\n40001\tx\tv2\n",
			"errdex: content/a.tsv:2: table column \"版本\" is not a known column: say what it holds in the source's [[source]] table in sources.toml (id \"wecom-a\"), e.g. columns = { \"版本\" = \"ignore\" }; the roles are ignore, code, http, zh, en, message, fix, note, scope\n"},
		{"erratum", "-- sources.toml --\n" + manifest("") + "-- a.tsv --\n" + good +
			"-- errata.toml --\n" + "[[erratum]]\nsource = \"wecom-a\"\nline = 2\ncode = \"40009\"\nzh = \"x\"\nreason = \"r\"\n",
			"errdex: content/errata.toml:1: a.tsv:2 is code 40001, not 40009: check the erratum's line\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := loadtest.Write(t, tc.archive)
			t.Chdir(dir + "/..")
			err := run([]string{"check", "-content", "content"}, io.Discard, io.Discard)
			require.Error(t, err)
			var fe *errdex.Error
			require.True(t, errors.As(err, &fe), "%T %v", err, err)
			assert.Same(t, fe, err)
			var out bytes.Buffer
			report(&out, err)
			assert.Equal(t, tc.want, out.String())
		})
	}
}
