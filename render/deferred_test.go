package render

import (
	"maps"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex/search"
)

// TestDeferredEqualsFiles builds with FilesDeferred: the files it makes
// and the ones its Deferred makes are exactly what Files makes, none of
// the whole-catalog files is made by the build, and each group is made
// once, also when asked for from several goroutines.
func TestDeferredEqualsFiles(t *testing.T) {
	for _, tc := range []struct {
		name      string
		mutate    func(*Options)
		wantNames []string
	}{
		{"hosted", func(*Options) {}, []string{"data/errdex.json", "search-index.json", search.ManifestFile}},
		{"plain", func(o *Options) { o.BaseURL = "" }, []string{"data/errdex.json", "search-index.js", "search-index.json", search.ManifestFile}},
		{"bundle", func(o *Options) { o.Bundle, o.BaseURL = true, "" }, []string{"data/errdex.json", "search-index.js", "search-index.json", search.ManifestFile}},
		{"unminified", func(o *Options) { o.NoMinify = true }, []string{"data/errdex.json", "search-index.json", search.ManifestFile}},
		// A redirect to a deferred file checks that the file exists.
		{"redirect to the index", func(o *Options) {
			o.Redirects = []Redirect{{From: "index/", To: "search-index.json"}}
		}, []string{"data/errdex.json", "search-index.json", search.ManifestFile}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := testOptions("")
			tc.mutate(&o)
			want, err := Files(testCatalog(), o)
			require.NoError(t, err)

			files, deferred, stats, err := FilesDeferred(testCatalog(), o, nil)
			require.NoError(t, err)
			assert.Equal(t, tc.wantNames, deferred.Names())
			for _, n := range deferred.Names() {
				assert.NotContains(t, files, n, "made by the build")
			}
			assert.Equal(t, len(files), stats.Files)

			var wg sync.WaitGroup
			for _, n := range tc.wantNames {
				wg.Go(func() {
					data, ok, err := deferred.File(n)
					assert.NoError(t, err)
					assert.True(t, ok, n)
					assert.Equal(t, want[n], data, n)
				})
			}
			wg.Wait()
			_, ok, err := deferred.File("search-index/no-such-shard.json")
			require.NoError(t, err)
			assert.False(t, ok)
			_, ok, err = deferred.File("index.html")
			require.NoError(t, err)
			assert.False(t, ok, "a file of the build is not deferred")

			made, err := deferred.Files()
			require.NoError(t, err)
			all := maps.Clone(files)
			maps.Copy(all, made)
			assert.Equal(t, want, all)
		})
	}
}

// TestDeferredNil: a nil Deferred has no files.
func TestDeferredNil(t *testing.T) {
	var d *Deferred
	_, ok, err := d.File("data/errdex.json")
	assert.NoError(t, err)
	assert.False(t, ok)
	assert.Empty(t, d.Names())
	files, err := d.Files()
	assert.NoError(t, err)
	assert.Empty(t, files)
}
