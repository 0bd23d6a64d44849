package main

// Browser tests of what the search loads and shows while it loads, of the
// platform the reader last used, of the choice Enter shows for a code on
// several platforms, and of the links the copy buttons copy
// (docs/search.md).

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex/i18n"
	"errdex/load/loadtest"
	"errdex/render"
	"errdex/search"
	"errdex/static"
	"errdex/templates"
)

// TestSearchLoadsShards opens /search/?q=40014 cold over HTTP, through the
// handler errdex serve uses, and counts the bytes of the index it loads:
// the manifest and a few small shards, never the whole index.
func TestSearchLoadsShards(t *testing.T) {
	f := setup(t)
	gz := map[string]int{}
	for name, data := range f.site {
		gz["/"+name] = gzipSize(data)
	}
	counter := &countingHandler{bytes: map[string]int{}}
	srv := newSiteServer(t, f.site, func(h http.Handler) http.Handler { counter.h = h; return counter })
	tab := f.tab(t, "shards")
	disableCache(t, tab)
	for _, q := range []string{"40014", "60011", "-40400x"} {
		t.Run(q, func(t *testing.T) {
			require.NoError(t, browse(tab, 10*time.Second, chromedp.Navigate("about:blank")))
			counter.take()
			require.NoError(t, browse(tab, 30*time.Second,
				chromedp.Navigate(srv.URL+"/search/?q="+url.QueryEscape(q)),
				chromedp.WaitReady(chromedp.ID("results")),
				waitFor(`document.getElementById("results").dataset.q === `+fmt.Sprintf("%q", q)+` && document.querySelectorAll("#results li").length > 0`),
			))
			raw, zipped, files := 0, 0, 0
			loaded := counter.take()
			var names []string
			for p, n := range loaded {
				if !strings.HasPrefix(p, "/search-index") {
					continue
				}
				names = append(names, fmt.Sprintf("%s %d", p, n))
				assert.NotEqual(t, "/search-index.json", p, "the whole index")
				assert.NotEqual(t, "/search-index.js", p, "the whole index")
				assert.LessOrEqual(t, n, 9<<10, "%s: a shard is small", p)
				raw += n
				zipped += gz[p]
				files++
			}
			sort.Strings(names)
			t.Logf("%s: %d index files, %d bytes, %d gzipped: %v", q, files, raw, zipped, names)
			assert.Contains(t, loaded, "/"+search.ManifestFile)
			assert.LessOrEqual(t, zipped, 16<<10, "a code query loads a few KB of index")
			assert.LessOrEqual(t, raw, 48<<10)
		})
	}
}

// slowIndex delays every response of the index by d, or answers 503 when
// fail is set.
type slowIndex struct {
	h    http.Handler
	d    time.Duration
	fail bool
}

func (s *slowIndex) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/search-index") {
		if s.fail {
			http.Error(w, "unavailable", http.StatusServiceUnavailable)
			return
		}
		time.Sleep(s.d)
	}
	s.h.ServeHTTP(w, r)
}

// en is the English text of an interface message.
func en(key string) string { return i18n.Must(key).EN }

// TestSearchLoadingStatus: while the index loads (slowly here), the search
// page's live status says so and the results are marked busy, and the
// suggestions under a box show a loading line; both then show the results.
// When the index cannot be loaded, both say so instead of waiting.
func TestSearchLoadingStatus(t *testing.T) {
	f := setup(t)
	slow := &slowIndex{d: 700 * time.Millisecond}
	srv := newSiteServer(t, f.site, func(h http.Handler) http.Handler { slow.h = h; return slow })
	tab := f.tab(t, "slow")
	disableCache(t, tab)

	t.Run("search page", func(t *testing.T) {
		require.NoError(t, browse(tab, 20*time.Second,
			chromedp.Navigate(srv.URL+"/search/?q=40014"),
			chromedp.WaitReady(chromedp.ID("results-status")),
			waitFor(`document.getElementById("results-status").classList.contains("is-loading")`),
		))
		st, err := eval[[]string](tab, `(() => { const s = document.getElementById("results-status"); return [s.textContent, s.getAttribute("aria-live"), s.getAttribute("role"), document.getElementById("results").getAttribute("aria-busy") || ""]; })()`)
		require.NoError(t, err)
		assert.Equal(t, []string{en("search.searching"), "polite", "status", "true"}, st)
		require.NoError(t, browse(tab, 20*time.Second, waitFor(`document.querySelectorAll("#results li").length === 3`)))
		st, err = eval[[]string](tab, `(() => { const s = document.getElementById("results-status"); return [s.textContent, String(s.classList.contains("is-loading")), document.getElementById("results").getAttribute("aria-busy") || ""]; })()`)
		require.NoError(t, err)
		assert.Equal(t, []string{"3 results for “40014”", "false", ""}, st)
	})

	t.Run("suggestions", func(t *testing.T) {
		require.NoError(t, browse(tab, 20*time.Second,
			chromedp.Navigate(srv.URL+"/wecom/"),
			chromedp.WaitReady(chromedp.ID("q")),
			waitFor(`typeof errdex === "object"`),
			chromedp.SendKeys(chromedp.ID("q"), "42001"),
			waitFor(`document.getElementById("suggest").hasAttribute("data-loading")`),
		))
		st, err := eval[[]string](tab, `(() => { const l = document.getElementById("suggest"), o = l.querySelector(".suggest-status"); return [String(l.hidden), o ? o.textContent : "", o ? o.getAttribute("aria-disabled") : "", document.querySelector("#q ~ [role=status], form [role=status]").textContent]; })()`)
		require.NoError(t, err)
		assert.Equal(t, []string{"false", en("search.loading"), "true", en("search.loading")}, st)
		require.NoError(t, browse(tab, 20*time.Second, waitFor(`document.getElementById("suggest").dataset.q === "42001" && !document.getElementById("suggest").hasAttribute("data-loading")`)))
		n, err := eval[int](tab, `document.querySelectorAll("#suggest li[data-code]").length`)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, n, 3)
	})

	t.Run("index unavailable", func(t *testing.T) {
		slow.fail = true
		defer func() { slow.fail = false }()
		require.NoError(t, browse(tab, 30*time.Second,
			chromedp.Navigate(srv.URL+"/search/?q=40014"),
			chromedp.WaitReady(chromedp.ID("results-status")),
			waitFor(`document.getElementById("results-status").textContent === `+fmt.Sprintf("%q", en("search.failed"))),
		))
		busy, err := eval[bool](tab, `document.getElementById("results-status").classList.contains("is-loading") || document.getElementById("results").hasAttribute("aria-busy")`)
		require.NoError(t, err)
		assert.False(t, busy)
		require.NoError(t, browse(tab, 20*time.Second,
			chromedp.Navigate(srv.URL+"/wecom/"),
			chromedp.WaitReady(chromedp.ID("q")),
			waitFor(`typeof errdex === "object"`),
			chromedp.SendKeys(chromedp.ID("q"), "42001"),
			waitFor(`(document.querySelector("#suggest .suggest-status") || {}).textContent === `+fmt.Sprintf("%q", en("search.failed"))),
		))
	})
}

// TestLastPlatformFirst: opening a code page makes its platform the one the
// reader last used, whose code then comes first among a number's
// platforms, over HTTP and from disk.
func TestLastPlatformFirst(t *testing.T) {
	f := setup(t)
	for _, m := range f.modes() {
		t.Run(m.name, func(t *testing.T) {
			tab := f.tab(t, m.name)
			openPage(t, tab, m, "")
			require.NoError(t, setLastPlatform(tab, ""))
			require.NoError(t, typeKeys(tab, "q-home", "suggest-home", "60011"))
			s, err := readSuggest(tab, "q-home", "suggest-home")
			require.NoError(t, err)
			assert.Equal(t, []string{"dingtalk/60011", "wecom/60011"}, s.Items[:2], "no platform used yet: platform order")

			for _, p := range []string{"wecom", "dingtalk", "wecom"} {
				openPage(t, tab, m, p+"/60011/")
				last, err := eval[string](tab, `errdex.lastPlatform()`)
				require.NoError(t, err)
				assert.Equal(t, p, last)
				require.NoError(t, typeKeys(tab, "q", "suggest", "60011"))
				s, err := readSuggest(tab, "q", "suggest")
				require.NoError(t, err)
				require.NotEmpty(t, s.Items)
				assert.Equal(t, p+"/60011", s.Items[0], "after opening %s/60011/", p)
			}

			// Picking a result remembers its platform too.
			searchPage(t, tab, m)
			require.NoError(t, setLastPlatform(tab, ""))
			_, err = typeQuery(tab, "60011")
			require.NoError(t, err)
			require.NoError(t, browse(tab, 10*time.Second,
				chromedp.Evaluate[chromedp.Void](`document.querySelector('#results li[data-platform="wecom"] a').addEventListener("click", e => e.preventDefault())`),
				chromedp.Click(chromedp.CSS(`#results li[data-platform="wecom"] a`)),
			))
			last, err := eval[string](tab, `errdex.lastPlatform()`)
			require.NoError(t, err)
			assert.Equal(t, "wecom", last)
		})
	}
}

// TestSearchChoice: Enter on a code several platforms have shows them to
// choose from, the last-used one selected and the choice announced,
// instead of opening a guess; a second Enter opens the selected one.
func TestSearchChoice(t *testing.T) {
	f := setup(t)
	for _, m := range f.modes() {
		t.Run(m.name, func(t *testing.T) {
			tab := f.tab(t, m.name)
			for _, tc := range []struct {
				last, box, list, page string
				want                  []string
			}{
				{"", "q-home", "suggest-home", "", []string{"dingtalk/60011", "wecom/60011"}},
				{"wecom", "q", "suggest", "wechat/", []string{"wecom/60011", "dingtalk/60011"}},
			} {
				t.Run("last="+tc.last, func(t *testing.T) {
					openPage(t, tab, m, tc.page)
					require.NoError(t, setLastPlatform(tab, tc.last))
					before, err := eval[string](tab, `location.href`)
					require.NoError(t, err)
					require.NoError(t, typeKeys(tab, tc.box, tc.list, "60011"))
					require.NoError(t, browse(tab, 10*time.Second,
						chromedp.KeyEvent(kb.Enter),
						waitFor(fmt.Sprintf(`document.getElementById(%q).hasAttribute("data-choice")`, tc.list)),
					))
					time.Sleep(300 * time.Millisecond) // a navigation would have started
					after, err := eval[string](tab, `location.href`)
					require.NoError(t, err)
					assert.Equal(t, before, after, "Enter does not navigate to a guess")
					s, err := readSuggest(tab, tc.box, tc.list)
					require.NoError(t, err)
					assert.False(t, s.Hidden)
					assert.Equal(t, append(tc.want, tc.list+"-all"), s.Items, "the platforms, then all results")
					assert.Equal(t, tc.list+"-0", s.Active)
					assert.Equal(t, []string{tc.list + "-0"}, s.Selected)
					focused, err := eval[string](tab, `document.activeElement.id`)
					require.NoError(t, err)
					assert.Equal(t, tc.box, focused)
					said, err := eval[string](tab, fmt.Sprintf(`document.getElementById(%q).form.querySelector("[role=status]").textContent`, tc.box))
					require.NoError(t, err)
					assert.Contains(t, said, "60011 is on 2 platforms")

					require.NoError(t, browse(tab, 5*time.Second, chromedp.KeyEvent(kb.Enter)))
					_, err = location(tab, "/"+tc.want[0]+"/"+m.page)
					require.NoError(t, err)
				})
			}
		})
	}
}

// copyResult is what a copy button copied and what its status said.
type copyResult struct {
	Copied string `json:"copied"`
	Status string `json:"status"`
}

// clickCopy clicks the copy button sel of the page open in tab and
// returns what it copied (read from the clipboard calls, which the test
// replaces) and the status it showed.
func clickCopy(tab context.Context, sel string) (copyResult, error) {
	err := browse(tab, 10*time.Second,
		chromedp.Evaluate[chromedp.Void](`(() => {
			window.__copied = null;
			if (navigator.clipboard) navigator.clipboard.writeText = t => { window.__copied = t; return Promise.resolve(); };
			document.execCommand = () => { window.__copied = document.activeElement.value; return true; };
			document.querySelector(".copy-status").textContent = "";
		})()`),
		chromedp.Click(chromedp.CSS(sel)),
		waitFor(`window.__copied !== null && document.querySelector(".copy-status").textContent !== ""`),
	)
	if err != nil {
		return copyResult{}, err
	}
	return eval[copyResult](tab, `({copied: window.__copied, status: document.querySelector(".copy-status").textContent})`)
}

// TestCopyLinks: Copy URL and Copy Markdown link give the page's public
// URL in every form of a site that has a base URL (hosted over HTTP, the
// same build opened from disk, the bundle), and a local link, saying so,
// in a site that has none (the plain build from disk, over HTTP).
func TestCopyLinks(t *testing.T) {
	f := setup(t)
	const base = "https://errdex.example.org/"
	// The builds with a base URL are of a small catalog (feishuContent),
	// which has the same page, wecom/40014/: two builds of the real one
	// would add a minute to the tests.
	small, _, err := load(loadtest.Write(t, feishuContent))
	require.NoError(t, err)
	build := func(o render.Options) map[string][]byte {
		o.Templates, o.Static = templates.FS, static.FS
		files, err := render.Files(small, o)
		require.NoError(t, err)
		return files
	}
	onDisk := func(name string, files map[string][]byte) string {
		dir := filepath.Join(f.root, name)
		require.NoError(t, os.RemoveAll(dir))
		require.NoError(t, writeFiles(dir, files))
		return "file://" + filepath.ToSlash(dir) + "/"
	}
	hosted := build(render.Options{BaseURL: base})
	bundle := build(render.Options{BaseURL: base, Bundle: true})
	srv := newSiteServer(t, hosted, nil)
	local := en("page.copy_local")
	for _, tc := range []struct {
		name, page string
		public     bool
	}{
		{"hosted over HTTP", srv.URL + "/wecom/40014/", true},
		{"hosted build from disk", onDisk("copy-hosted", hosted) + "wecom/40014/index.html", true},
		{"bundle with a base URL", onDisk("copy-bundle", bundle) + "wecom/40014/index.html", true},
		{"plain build from disk", f.modes()[1].base + "wecom/40014/index.html", false},
		{"plain build over HTTP", f.modes()[0].base + "wecom/40014/", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tab := f.tab(t, "copy")
			require.NoError(t, browse(tab, 20*time.Second,
				chromedp.Navigate(tc.page),
				chromedp.WaitReady(chromedp.CSS("button[data-copy-url]")),
				waitFor(`typeof errdexMsg === "function"`),
			))
			u, err := clickCopy(tab, "button[data-copy-url]")
			require.NoError(t, err)
			md, err := clickCopy(tab, `button.copy[data-copy^="["]`)
			require.NoError(t, err)
			if tc.public {
				assert.Equal(t, base+"wecom/40014/", u.Copied)
				assert.Equal(t, en("page.copied"), u.Status)
				assert.True(t, strings.HasSuffix(md.Copied, "]("+base+"wecom/40014/)"), "markdown link %q", md.Copied)
				assert.Equal(t, en("page.copied"), md.Status)
				return
			}
			assert.Equal(t, tc.page, u.Copied, "the page's own address")
			assert.Equal(t, local, u.Status)
			assert.True(t, strings.HasSuffix(md.Copied, "]("+tc.page+")"), "markdown link %q", md.Copied)
			assert.Equal(t, local, md.Status)
		})
	}
}
