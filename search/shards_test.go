package search_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex/load"
	"errdex/search"
)

// TestShippedShards checks the sharded index of the shipped content, which
// the hosted search loads a query's part of: many small shards; every
// token in the shard the manifest names for it, with the postings of the
// whole index (search-index.json); the doc shards holding every doc; the
// same bytes from a second build.
func TestShippedShards(t *testing.T) {
	c, err := load.Read(os.DirFS(filepath.Join("..", "content")))
	require.NoError(t, err)
	files, err := search.IndexFiles(c.Catalog, 0)
	require.NoError(t, err)
	again, err := search.IndexFiles(c.Catalog, 0)
	require.NoError(t, err)
	assert.Equal(t, files, again, "deterministic")

	type part struct {
		N          int      `json:"n"`
		DocShard   int      `json:"docShard"`
		TermShards []string `json:"termShards"`
		Terms      []string `json:"terms"`
		Postings   []string `json:"postings"`
		First      int      `json:"first"`
		Docs       [][]any  `json:"docs"`
	}
	read := func(name string) part {
		var p part
		require.NoError(t, json.Unmarshal(files[name], &p), name)
		return p
	}
	whole, m := read("search-index.json"), read(search.ManifestFile)
	require.Greater(t, len(m.TermShards), 10, "the index is split into small shards")
	assert.Less(t, len(files[search.ManifestFile]), 2<<10, "the manifest stays small")

	var terms, posts []string
	for k, first := range m.TermShards {
		name := "search-index/t" + strconv.Itoa(k) + ".json"
		assert.LessOrEqual(t, len(files[name]), 9<<10, name)
		sh := read(name)
		require.NotEmpty(t, sh.Terms, name)
		assert.Equal(t, first, sh.Terms[0])
		for _, tok := range sh.Terms {
			at := sort.Search(len(m.TermShards), func(i int) bool { return m.TermShards[i] > tok }) - 1
			assert.Equal(t, k, at, "token %q is reachable through the manifest", tok)
		}
		terms = append(terms, sh.Terms...)
		posts = append(posts, sh.Postings...)
	}
	codes := sort.Search(len(terms), func(i int) bool { return !strings.HasPrefix(terms[i], "#") })
	assert.Equal(t, whole.Terms, terms[codes:], "the term shards hold the whole index's terms")
	assert.Equal(t, whole.Postings, posts[codes:], "with the same postings")
	distinct := map[string]bool{}
	for _, d := range whole.Docs {
		distinct["#"+strings.ToLower(d[1].(string))] = true
	}
	assert.Equal(t, len(distinct), codes, "and a code token for each code")

	var docs [][]any
	for k := 0; k*m.DocShard < m.N; k++ {
		d := read("search-index/d" + strconv.Itoa(k) + ".json")
		assert.Equal(t, k*m.DocShard, d.First)
		docs = append(docs, d.Docs...)
	}
	assert.Equal(t, whole.Docs, docs)
	for name := range files {
		assert.False(t, strings.HasPrefix(name, "search-index/") && strings.HasSuffix(name, ".js"), "%s: no script form of the shards for a catalog whose search-index.js is the whole index", name)
	}
}
