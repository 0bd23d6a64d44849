package main

import (
	"os"
	"path/filepath"
	"testing"

	"errdex/load"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGen makes synthetic content from the shipped content and loads it:
// the copies add new codes (renumbered, none merged with a shipped one),
// and the catalog holds at least the codes asked for.
func TestGen(t *testing.T) {
	base, err := load.Read(os.DirFS("../../content"))
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		n    int
		more bool
	}{
		{"no copy needed", 100, false},
		{"two copies", len(base.Catalog.Codes) + 2000, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "content")
			require.NoError(t, run("../../content", out, tc.n))
			c, err := load.Read(os.DirFS(out))
			require.NoError(t, err)
			assert.GreaterOrEqual(t, len(c.Catalog.Codes), tc.n)
			if !tc.more {
				assert.Equal(t, len(base.Catalog.Codes), len(c.Catalog.Codes))
				return
			}
			assert.NotNil(t, c.Catalog.Lookup("wechat", "9001"+"40001"), "copy 1 renumbers 40001")
			assert.NotNil(t, c.Catalog.Lookup("wechat", "-9002"+"1"), "copy 2 renumbers -1")
		})
	}
	t.Run("existing output", func(t *testing.T) {
		assert.Error(t, run("../../content", t.TempDir(), 10))
	})
}
