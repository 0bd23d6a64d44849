package main

import (
	"bytes"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex/load/loadtest"
	"errdex/render"
)

// TestServeEqualsBuild builds a content tree as errdex serve does (the
// whole-catalog files deferred to the first request) and as a build
// does, and checks that serve answers every file of the build with the
// build's bytes (the live-reload script added to pages), the deferred
// files included, and that it has no file the build has not.
func TestServeEqualsBuild(t *testing.T) {
	for _, tc := range []struct {
		name, content string
	}{
		{"small site", loadtest.Write(t, smallSite+`-- redirects.toml --
[[redirect]]
from = "index/"
to = "search-index.json"
`)},
		// The shipped content has a sharded search index and redirects.
		{"shipped content", realContent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sf := siteFlags{content: tc.content}
			s := &server{sf: sf, log: log.New(io.Discard, "", 0)}
			require.NoError(t, s.build())
			g := s.handler.gen.Load()
			require.NotNil(t, g.deferred)
			for _, n := range g.deferred.Names() {
				assert.NotContains(t, s.files, n, "made by the build, not deferred")
			}

			c, err := readContent(os.DirFS(tc.content), tc.content)
			require.NoError(t, err)
			o, err := sf.options("")
			require.NoError(t, err)
			want, err := render.Files(c.Catalog, o)
			require.NoError(t, err)
			assert.Contains(t, want, "data/errdex.json")

			get := func(p string) (int, []byte) {
				rec := httptest.NewRecorder()
				s.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, p, nil))
				return rec.Code, rec.Body.Bytes()
			}
			for name, data := range want {
				status, body := get("/" + name)
				if status == http.StatusMovedPermanently {
					status, body = get("/" + strings.TrimSuffix(name, "index.html"))
				}
				require.Equal(t, http.StatusOK, status, name)
				if strings.HasSuffix(name, ".html") {
					body = bytes.Replace(body, []byte(reloadTag), nil, 1)
				}
				require.Equal(t, data, body, name)
			}
			made, err := g.deferred.Files()
			require.NoError(t, err)
			assert.Len(t, s.files, len(want)-len(made), "no file the build has not")
			for name := range made {
				assert.Contains(t, want, name)
			}
			status, _ := get("/search-index/no-such-shard.json")
			assert.Equal(t, http.StatusNotFound, status)
		})
	}
}
