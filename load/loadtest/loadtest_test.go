package loadtest_test

import (
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex/load/loadtest"
)

func TestFS(t *testing.T) {
	fsys := loadtest.FS(`
-- sources.toml --
[site]
-- pages/a.md --
# A
`)
	data, err := fs.ReadFile(fsys, "pages/a.md")
	require.NoError(t, err)
	assert.Equal(t, "# A\n", string(data))
	require.NoError(t, fstest.TestFS(fsys, "sources.toml", "pages/a.md"))
}

func TestOverlay(t *testing.T) {
	base := fstest.MapFS{"a.txt": {Data: []byte("old")}, "b.txt": {Data: []byte("b")}}
	fsys, err := loadtest.Overlay(base, "-- a.txt --\nnew\n")
	require.NoError(t, err)
	a, _ := fs.ReadFile(fsys, "a.txt")
	b, _ := fs.ReadFile(fsys, "b.txt")
	assert.Equal(t, "new\n", string(a))
	assert.Equal(t, "b", string(b))
}
