package load

import (
	"io/fs"
	"os"
	"regexp"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadCached reads the shipped content with a cache, changes it, and
// reads it again: each read gives what Read gives, and only the changed
// source is scraped again.
func TestReadCached(t *testing.T) {
	content := fstest.MapFS{}
	require.NoError(t, fs.WalkDir(os.DirFS("../content"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(os.DirFS("../content"), p)
		content[p] = &fstest.MapFile{Data: data}
		return err
	}))
	const changed = "wechat-oplatform-errcode-2025.tsv"
	require.Contains(t, content, changed)
	cache := NewCache()
	for _, tc := range []struct {
		name    string
		change  func()
		scraped int
	}{
		{"first read", func() {}, 0}, // every source
		{"nothing changed", func() {}, 0},
		{"one row of one source", func() {
			row := regexp.MustCompile(`(?m)^(-?[0-9]+\t.*)$`)
			data := content[changed].Data
			loc := row.FindIndex(data)
			require.NotNil(t, loc)
			edited := append(append(append([]byte(nil), data[:loc[1]]...), " edited"...), data[loc[1]:]...)
			content[changed] = &fstest.MapFile{Data: edited}
		}, 1},
		{"again nothing changed", func() {}, 0},
		// The glossary cleans the DingTalk source: the cleaned harvest
		// is not taken from the cache when the glossary changed.
		{"glossary changed", func() {
			data := append([]byte(nil), content["glossary.toml"].Data...)
			data = append(data, "\n[[term]]\nfrom = \"the server\"\nto = \"the API server\"\nnote = \"test\"\n"...)
			content["glossary.toml"] = &fstest.MapFile{Data: data}
		}, 0},
		{"after the glossary, nothing changed", func() {}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.change()
			before := cache.scraped
			got, err := ReadCached(content, cache)
			require.NoError(t, err)
			want, err := Read(content)
			require.NoError(t, err)
			assert.Equal(t, want, got)
			if tc.name == "first read" {
				assert.Equal(t, len(want.Manifest.Sources), cache.scraped-before)
			} else {
				assert.Equal(t, tc.scraped, cache.scraped-before)
			}
		})
	}
}
