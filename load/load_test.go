package load_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex"
	"errdex/load"
	"errdex/load/loadtest"
)

// TestReadGlossaryPerSource: a glossary cleans the sources that name it in
// the manifest, whatever their platform, and no other.
func TestReadGlossaryPerSource(t *testing.T) {
	c, err := load.Read(loadtest.FS(`
-- sources.toml --
[[source]]
id = "clean"
platform = "wechat"
format = "tsv"
path = "a.tsv"
glossary = "g.toml"

[[source]]
id = "raw"
platform = "dingtalk"
format = "tsv"
path = "b.tsv"
-- g.toml --
[[term]]
from = "Nail"
to = "DingTalk"
whole_word = true
-- a.tsv --
code	errmsg
1	Nail error
-- b.tsv --
code	errmsg
2	Nail error
`))
	require.NoError(t, err)
	clean, raw := c.Catalog.Lookup(errdex.WeChat, "1"), c.Catalog.Lookup(errdex.DingTalk, "2")
	require.NotNil(t, clean)
	require.NotNil(t, raw)
	assert.Equal(t, "DingTalk error", clean.Meanings[0].EN)
	assert.Equal(t, "Nail error", raw.Meanings[0].EN, "a source without glossary is left as it is")
}
