package render

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"errdex"
	"errdex/search"
)

// searchIndex writes search-index.json (the published index),
// search-index.js, and the sharded form under search-index/ (package
// search).
//
// Over HTTP the search script fetches search-index/manifest.json and the
// shards a query needs, and loads the script form search-index.js only
// when a fetch fails. A hosted site (BaseURL set, not a bundle) is served
// over HTTP, where that fallback would fail too: it gets none of the .js
// forms, which carry the same data as the JSON. They are for the site
// opened from disk (file://), where fetch is refused.
//
// A build with a Deferred (FilesDeferred) leaves the index to it: the
// index always has search-index.json, search-index/manifest.json and,
// but for a hosted site, search-index.js; its shards are under
// search-index/.
func (b *builder) searchIndex() error {
	hosted := b.opt.BaseURL != "" && !b.opt.Bundle
	cat := b.cat
	makeFiles := func() (map[string][]byte, error) {
		files, err := search.IndexFiles(cat, 0)
		if err != nil {
			return nil, err
		}
		return indexForms(files, hosted), nil
	}
	if b.deferred != nil {
		known := map[string][]byte{"search-index.json": nil, "search-index.js": nil, search.ManifestFile: nil}
		return b.deferGroup(slices.Sorted(maps.Keys(indexForms(known, hosted))), path.Dir(search.ManifestFile)+"/", false, makeFiles)
	}
	files, err := makeFiles()
	if err != nil {
		return err
	}
	maps.Copy(b.files, files)
	return nil
}

// indexForms returns the search index files a site ships: all of them,
// or for a hosted site only the JSON forms.
func indexForms(files map[string][]byte, hosted bool) map[string][]byte {
	if !hosted {
		return files
	}
	out := map[string][]byte{}
	for name, data := range files {
		if path.Ext(name) != ".js" {
			out[name] = data
		}
	}
	return out
}

// SearchIndexFiles renders only the search index of cat: see
// search.IndexFiles, which it calls.
func SearchIndexFiles(cat *errdex.Catalog, shardAbove int) (map[string][]byte, error) {
	return search.IndexFiles(cat, shardAbove)
}

// platformCSS is the stylesheet of the platform table t, which the build
// appends to style.css: a custom property per platform and scheme
// (--platform-<id>) and the badge class badge-<id> that uses it.
func platformCSS(t errdex.PlatformTable) []byte {
	var b strings.Builder
	b.WriteString("\n/* Platform badges: generated from the platform table ([[platform]] in content/sources.toml). */\n")
	vars := func(dark bool) string {
		var v []string
		for _, p := range t {
			c := p.Color
			if dark {
				c = p.ColorDark
			}
			v = append(v, fmt.Sprintf("--platform-%s: %s;", p.ID, c))
		}
		return strings.Join(v, " ")
	}
	fmt.Fprintf(&b, ":root { %s }\n", vars(false))
	fmt.Fprintf(&b, "@media (prefers-color-scheme: dark) { :root { %s } }\n", vars(true))
	for _, p := range t {
		fmt.Fprintf(&b, ".badge-%s { background: var(--platform-%s); }\n", p.ID, p.ID)
	}
	return []byte(b.String())
}
