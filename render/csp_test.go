package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCSPMeta checks that every page built from layout.html carries the
// policy as the first element after the charset, minified or not, hosted
// or bundled, and that no page has what the policy blocks: inline scripts,
// inline styles or event-handler attributes.
func TestCSPMeta(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*Options)
	}{
		{"hosted", nil},
		{"bundle", func(o *Options) { o.Bundle = true; o.BaseURL = "" }},
		{"unminified", func(o *Options) { o.NoMinify = true }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, files := buildTest(t, tc.mutate)
			pages := 0
			for name, data := range files {
				if !strings.HasSuffix(name, ".html") {
					continue
				}
				doc, err := goquery.NewDocumentFromReader(bytes.NewReader(data))
				require.NoError(t, err, name)
				for _, s := range doc.Find("script").Nodes {
					src := goquery.NewDocumentFromNode(s).AttrOr("src", "")
					assert.NotEmpty(t, src, "%s: inline script", name)
				}
				assert.Zero(t, doc.Find("style, [style]").Length(), "%s: inline style", name)
				doc.Find("*").Each(func(_ int, s *goquery.Selection) {
					for _, a := range s.Nodes[0].Attr {
						assert.False(t, strings.HasPrefix(a.Key, "on"), "%s: event handler attribute %s", name, a.Key)
					}
				})
				if doc.Find(`meta[name="robots"][content="noindex"]`).Length() > 0 && doc.Find(`meta[http-equiv="refresh"]`).Length() > 0 {
					continue // a redirect page (content/redirects.toml): no layout, no scripts
				}
				pages++
				meta := doc.Find(`head > meta`).Eq(1)
				assert.Equal(t, "Content-Security-Policy", meta.AttrOr("http-equiv", ""), "%s: the policy must come right after the charset, before anything it governs", name)
				assert.Equal(t, MetaContentSecurityPolicy, meta.AttrOr("content", ""), name)
			}
			assert.Greater(t, pages, 10)
		})
	}
	assert.NotContains(t, MetaContentSecurityPolicy, "frame-ancestors", "a meta element's frame-ancestors is ignored, with a console error")
	assert.True(t, strings.HasPrefix(ContentSecurityPolicy, MetaContentSecurityPolicy+"; "), "the header policy is the meta policy plus header-only directives")
}
