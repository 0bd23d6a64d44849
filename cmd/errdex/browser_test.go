package main

// Browser tests of the search: the real site, built from ../../content, is
// opened in headless Chromium over HTTP (httptest) and from disk (file://,
// the bundle build), and queries are typed into it. The query cases are
// ../../testdata/queries.tsv, which package search's Go test runs too.
// The benchmarks at the end measure the index size,
// its load time, query times and, for a synthetic 100,000-code catalog,
// the bytes a query loads from the sharded index (docs/search.md).

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"errdex"
	"errdex/render"
	"errdex/search/searchtest"
	"errdex/static"
	"errdex/templates"
)

const chromiumPath = "/usr/bin/chromium"

// TestMain removes what the browser tests set up: the browser and the
// built sites. (Go allows one TestMain per package: add to this one.)
func TestMain(m *testing.M) {
	code := m.Run()
	fx.close()
	os.Exit(code)
}

// fixture is what the browser tests share: the real catalog, the site
// built from it served over HTTP, the bundle build on disk, one browser.
type fixture struct {
	once sync.Once
	err  error

	browserOnce sync.Once
	browserErr  error

	root    string // temp dir holding everything below
	cat     *errdex.Catalog
	site    map[string][]byte // the hosted build
	bundle  map[string][]byte // the build for opening from disk
	handler *siteHandler      // serves the hosted build, as errdex serve does
	server  *httptest.Server  // serves handler
	fileDir string            // the bundle build on disk

	browser       context.Context
	cancelAlloc   context.CancelFunc
	cancelBrowser context.CancelFunc
	tabs          map[string]context.Context
}

var fx = &fixture{}

// setup builds the sites and starts the browser, once; a browser test
// calls it first. It skips when Chromium is missing, unless CI is set.
func setup(tb testing.TB) *fixture {
	tb.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "" {
			tb.Skipf("%s is missing: browser tests skipped (set CI to make this fail)", chromiumPath)
		}
		tb.Fatalf("%s is missing and CI is set: install chromium", chromiumPath)
	}
	sites(tb)
	fx.browserOnce.Do(func() { fx.browserErr = fx.startBrowser() })
	require.NoError(tb, fx.browserErr)
	return fx
}

// sites builds the sites once.
func sites(tb testing.TB) *fixture {
	tb.Helper()
	fx.once.Do(func() { fx.err = fx.build() })
	require.NoError(tb, fx.err)
	return fx
}

func (f *fixture) build() error {
	var err error
	if f.root, err = os.MkdirTemp("", "errdex-browser-"); err != nil {
		return err
	}
	if f.cat, _, err = load(realContent); err != nil {
		return err
	}
	o := render.Options{Templates: templates.FS, Static: static.FS, Pages: subFS(os.DirFS(realContent), "pages")}
	if f.site, err = render.Files(f.cat, o); err != nil {
		return err
	}
	o.Bundle = true
	if f.bundle, err = render.Files(f.cat, o); err != nil {
		return err
	}
	f.fileDir = filepath.Join(f.root, "bundle")
	if err := writeFiles(f.fileDir, f.bundle); err != nil {
		return err
	}
	f.handler = newSiteHandler(f.site, nil)
	f.server = httptest.NewServer(f.handler)
	return nil
}

func (f *fixture) startBrowser() error {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(filepath.Join(f.root, "profile")),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	if err := chromedp.Do(browser); err != nil {
		cancelBrowser()
		cancelAlloc()
		return fmt.Errorf("start %s: %w", chromiumPath, err)
	}
	f.browser, f.cancelAlloc, f.cancelBrowser = browser, cancelAlloc, cancelBrowser
	f.tabs = map[string]context.Context{}
	return nil
}

func (f *fixture) close() {
	if f.cancelBrowser != nil {
		f.cancelBrowser()
		f.cancelAlloc()
	}
	if f.server != nil {
		f.handler.close() // ends the pages' live-reload streams
		f.server.Close()
	}
	if f.root != "" {
		os.RemoveAll(f.root)
	}
}

// tab returns the browser tab of the given name, opening it once.
func (f *fixture) tab(tb testing.TB, name string) context.Context {
	tb.Helper()
	if t, ok := f.tabs[name]; ok {
		return t
	}
	t, _ := chromedp.NewContext(f.browser)
	require.NoError(tb, chromedp.Do(t))
	f.tabs[name] = t
	return t
}

// mode is one way of opening the site.
type mode struct {
	name string
	base string // URL of the site root, ending in "/"
	page string // what a link to a page ends with: "" or "index.html"
}

func (f *fixture) modes() []mode {
	return []mode{
		{name: "http", base: f.server.URL + "/"},
		{name: "file", base: "file://" + filepath.ToSlash(f.fileDir) + "/", page: "index.html"},
	}
}

// newSiteServer serves files with errdex serve's handler until the test ends.
func newSiteServer(tb testing.TB, files map[string][]byte, wrap func(http.Handler) http.Handler) *httptest.Server {
	h := newSiteHandler(files, nil)
	var hh http.Handler = h
	if wrap != nil {
		hh = wrap(h)
	}
	srv := httptest.NewServer(hh)
	tb.Cleanup(func() {
		h.close()
		srv.Close()
	})
	return srv
}

func writeFiles(dir string, files map[string][]byte) error {
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// browse runs actions in ctx with a timeout.
func browse(ctx context.Context, d time.Duration, actions ...chromedp.Action[chromedp.Void]) error {
	c, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	return chromedp.Do(c, actions...)
}

// eval evaluates a JavaScript expression, awaiting a promise, and decodes
// its value.
func eval[T any](ctx context.Context, expr string) (T, error) {
	c, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	return chromedp.Run(c, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// waitFor polls a JavaScript predicate until it holds.
func waitFor(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(10*time.Second))
}

// searchPage opens the search page of m in tab.
func searchPage(tb testing.TB, tab context.Context, m mode) {
	tb.Helper()
	require.NoError(tb, browse(tab, 20*time.Second,
		chromedp.Navigate(m.base+"search/"+m.page),
		chromedp.WaitReady(chromedp.ID("q-page")),
		waitFor(`typeof errdex === "object"`),
	))
}

// typeQuery pastes q into the search page's box (one input event, as a
// paste or an IME commit gives) and returns the results as
// "platform/code", waiting until the page shows them.
func typeQuery(tab context.Context, q string) ([]string, error) {
	qs, _ := json.Marshal(q)
	err := browse(tab, 15*time.Second,
		chromedp.Evaluate[chromedp.Void](`(() => { const i = document.getElementById("q-page"); i.value = ""; i.focus(); document.getElementById("results").dataset.q = "\u0000"; })()`),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: q})
			return err
		}),
		waitFor(`document.getElementById("results").dataset.q === `+string(qs)),
	)
	if err != nil {
		return nil, err
	}
	return eval[[]string](tab, `Array.from(document.querySelectorAll("#results li")).map(li => li.dataset.platform + "/" + li.dataset.code)`)
}

// queriesFile is the query cases of the search.
var queriesFile = filepath.Join("..", "..", "testdata", "queries.tsv")

// allCases reads every query case.
func allCases(tb testing.TB) []searchtest.Case {
	tb.Helper()
	cases, err := searchtest.Load(queriesFile)
	require.NoError(tb, err)
	return cases
}

// loadQueries reads the query cases that check results.
func loadQueries(tb testing.TB) []searchtest.Case {
	tb.Helper()
	var rows []searchtest.Case
	for _, c := range allCases(tb) {
		if c.First != nil {
			rows = append(rows, c)
		}
	}
	require.GreaterOrEqual(tb, len(rows), 40, "queries.tsv needs at least 40 queries with results")
	return rows
}

// checkQueries types every query of the cases into the search page of m
// and checks the first results.
func checkQueries(t *testing.T, tab context.Context, m mode, rows []searchtest.Case) {
	searchPage(t, tab, m)
	for _, row := range rows {
		t.Run(fmt.Sprintf("%d", row.Line), func(t *testing.T) {
			require.NoError(t, setLastPlatform(tab, row.Last))
			got, err := typeQuery(tab, row.Query)
			require.NoError(t, err, "query %q", row.Query)
			if len(row.First) == 0 {
				assert.Empty(t, got, "query %q (%s)", row.Query, row.Note)
				return
			}
			require.NotEmpty(t, got, "query %q (%s): no results", row.Query, row.Note)
			assert.True(t, row.CheckFirst(got), "query %q (%s): want %v first, got %v", row.Query, row.Note, row.First, head(got, 5))
		})
	}
}

func head(s []string, n int) []string { return s[:min(n, len(s))] }

// setLastPlatform sets the platform the reader last used, as opening a
// code page of it does ("" for none), for the pages the tab opens next.
func setLastPlatform(tab context.Context, p string) error {
	ps, _ := json.Marshal(p)
	_, err := eval[bool](tab, `(p => { if (p) localStorage.setItem("errdex.platform", p); else localStorage.removeItem("errdex.platform"); return true; })(`+string(ps)+`)`)
	return err
}

func TestSearchQueries(t *testing.T) {
	f := setup(t)
	rows := loadQueries(t)
	for _, m := range f.modes() {
		t.Run(m.name, func(t *testing.T) { checkQueries(t, f.tab(t, m.name), m, rows) })
	}
}

// TestSearchSharded runs the query table against the real catalog's index
// split into shards, the form a big catalog gets: the results must be the
// same.
func TestSearchSharded(t *testing.T) {
	f := setup(t)
	rows := loadQueries(t)
	ix, err := render.SearchIndexFiles(f.cat, -1)
	require.NoError(t, err)
	require.Contains(t, ix, "search-index/t0.json", "the index was not sharded")
	for _, m := range f.shardedModes(t, "sharded", ix) {
		t.Run(m.name, func(t *testing.T) { checkQueries(t, f.tab(t, m.name), m, rows) })
	}
}

// shardedModes serves the search page of the real site with the index
// files ix instead of its own, over HTTP and from disk.
func (f *fixture) shardedModes(tb testing.TB, name string, ix map[string][]byte) []mode {
	tb.Helper()
	site := searchOnly(f.site, ix)
	srv := newSiteServer(tb, site, nil)
	dir := filepath.Join(f.root, name)
	require.NoError(tb, os.RemoveAll(dir))
	require.NoError(tb, writeFiles(dir, searchOnly(f.bundle, ix)))
	return []mode{
		{name: name + "-http", base: srv.URL + "/"},
		{name: name + "-file", base: "file://" + filepath.ToSlash(dir) + "/", page: "index.html"},
	}
}

// searchOnly is the search page and assets of a site, with the index files ix.
func searchOnly(site, ix map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for name, data := range site {
		if strings.HasPrefix(name, "assets/") || name == "search/index.html" {
			out[name] = data
		}
	}
	for name, data := range ix {
		out[name] = data
	}
	return out
}

// location waits until the tab's URL ends with suffix and the document
// there is parsed, and returns the URL.
func location(tab context.Context, suffix string) (string, error) {
	deadline := time.Now().Add(10 * time.Second)
	var loc string
	for time.Now().Before(deadline) {
		c, cancel := context.WithTimeout(tab, 2*time.Second)
		st, err := chromedp.Run(c, chromedp.Evaluate[[]string](`[location.href, document.readyState]`))
		cancel()
		if err == nil && len(st) == 2 {
			loc = st[0]
			// The URL changes when the navigation commits, before the new
			// document is parsed.
			if strings.HasSuffix(loc, suffix) && st[1] != "loading" {
				return loc, nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return loc, fmt.Errorf("location %q does not end with %q", loc, suffix)
}

// waitAcross waits until the JavaScript predicate expr holds in the tab,
// through navigations (which end a chromedp.Poll).
func waitAcross(tab context.Context, d time.Duration, expr string) error {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		c, cancel := context.WithTimeout(tab, 2*time.Second)
		ok, err := chromedp.Run(c, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s: still false after %v", expr, d)
}

// openPage navigates to a page of the site and waits for the search script.
func openPage(tb testing.TB, tab context.Context, m mode, page string) {
	tb.Helper()
	if strings.HasSuffix(page, "/") || page == "" {
		page += m.page
	}
	require.NoError(tb, browse(tab, 20*time.Second,
		chromedp.Navigate(m.base+page),
		chromedp.WaitReady(chromedp.CSS("body")),
		waitFor(`typeof errdex === "object"`),
	))
}

// suggestState is what the suggest listbox under a box shows.
type suggestState struct {
	Hidden   bool     `json:"hidden"`
	Expanded string   `json:"expanded"`
	Active   string   `json:"active"`
	Selected []string `json:"selected"`
	Items    []string `json:"items"`
	Hrefs    []string `json:"hrefs"`
}

func readSuggest(tab context.Context, box, list string) (suggestState, error) {
	return eval[suggestState](tab, fmt.Sprintf(`(() => {
		const i = document.getElementById(%q), l = document.getElementById(%q);
		const opts = Array.from(l.querySelectorAll("[role=option]"));
		return {
			hidden: l.hidden, expanded: i.getAttribute("aria-expanded") || "",
			active: i.getAttribute("aria-activedescendant") || "",
			selected: opts.filter(o => o.getAttribute("aria-selected") === "true").map(o => o.id),
			items: opts.map(o => o.dataset.code ? o.dataset.platform + "/" + o.dataset.code : o.id),
			hrefs: opts.map(o => o.querySelector("a").getAttribute("href")),
		};
	})()`, box, list))
}

// typeKeys types text into the box with key events and waits for the
// suggestions of it.
func typeKeys(tab context.Context, box, list, text string) error {
	qs, _ := json.Marshal(text)
	return browse(tab, 15*time.Second,
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).value = ""`, box)),
		chromedp.SendKeys(chromedp.ID(box), text),
		waitFor(fmt.Sprintf(`document.getElementById(%q).dataset.q === %s && !document.getElementById(%q).hidden`, list, qs, list)),
	)
}

func TestSearchBox(t *testing.T) {
	f := setup(t)
	for _, m := range f.modes() {
		t.Run(m.name, func(t *testing.T) {
			tab := f.tab(t, m.name)

			t.Run("suggest keys", func(t *testing.T) {
				// Opening a WeCom page makes WeCom the platform last used:
				// its 42001 comes first, then platform order.
				openPage(t, tab, m, "wecom/40014/")
				require.NoError(t, typeKeys(tab, "q", "suggest", "42001"))
				s, err := readSuggest(tab, "q", "suggest")
				require.NoError(t, err)
				assert.False(t, s.Hidden)
				assert.Equal(t, "true", s.Expanded)
				require.GreaterOrEqual(t, len(s.Items), 3)
				assert.Equal(t, []string{"wecom/42001", "dingtalk/42001", "wechat/42001"}, s.Items[:3])
				for _, h := range s.Hrefs {
					assert.True(t, strings.HasPrefix(h, "../../"), "link %q is not relative to data-root", h)
					assert.True(t, strings.HasSuffix(h, "/"+m.page), "link %q does not end in /%s", h, m.page)
				}

				require.NoError(t, browse(tab, 5*time.Second, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown)))
				s, err = readSuggest(tab, "q", "suggest")
				require.NoError(t, err)
				assert.Equal(t, []string{"suggest-1"}, s.Selected)
				assert.Equal(t, "suggest-1", s.Active)
				require.NoError(t, browse(tab, 5*time.Second, chromedp.KeyEvent(kb.ArrowUp)))
				s, err = readSuggest(tab, "q", "suggest")
				require.NoError(t, err)
				assert.Equal(t, []string{"suggest-0"}, s.Selected)

				require.NoError(t, browse(tab, 5*time.Second, chromedp.KeyEvent(kb.Enter)))
				_, err = location(tab, "/wecom/42001/"+m.page)
				require.NoError(t, err)
			})

			t.Run("escape closes", func(t *testing.T) {
				openPage(t, tab, m, "")
				require.NoError(t, typeKeys(tab, "q-home", "suggest-home", "部门"))
				require.NoError(t, browse(tab, 5*time.Second, chromedp.KeyEvent(kb.Escape)))
				s, err := readSuggest(tab, "q-home", "suggest-home")
				require.NoError(t, err)
				assert.True(t, s.Hidden)
				assert.Equal(t, "false", s.Expanded)
				assert.Empty(t, s.Active)
				v, err := eval[string](tab, `document.getElementById("q-home").value`)
				require.NoError(t, err)
				assert.Equal(t, "部门", v, "the first Escape only closes the list")
			})

			t.Run("slash focuses", func(t *testing.T) {
				openPage(t, tab, m, "wechat/40001/")
				require.NoError(t, browse(tab, 5*time.Second, chromedp.KeyEvent("/")))
				id, err := eval[string](tab, `document.activeElement.id`)
				require.NoError(t, err)
				assert.Equal(t, "q", id)
			})

			t.Run("enter on a single exact hit", func(t *testing.T) {
				openPage(t, tab, m, "")
				require.NoError(t, typeKeys(tab, "q-home", "suggest-home", "企业微信 42001"))
				require.NoError(t, browse(tab, 5*time.Second, chromedp.KeyEvent(kb.Enter)))
				_, err := location(tab, "/wecom/42001/"+m.page)
				require.NoError(t, err)
			})

			t.Run("enter on a pattern hit", func(t *testing.T) {
				openPage(t, tab, m, "wecom/")
				require.NoError(t, typeKeys(tab, "q", "suggest", "-404000"))
				require.NoError(t, browse(tab, 5*time.Second, chromedp.KeyEvent(kb.Enter)))
				_, err := location(tab, "/wechat/-40400x/"+m.page)
				require.NoError(t, err)
			})

			t.Run("enter on several hits", func(t *testing.T) {
				// Enter shows the platforms to choose from (TestSearchChoice);
				// its last option is the search page.
				openPage(t, tab, m, "code/40001/")
				require.NoError(t, setLastPlatform(tab, ""))
				require.NoError(t, typeKeys(tab, "q", "suggest", "40014"))
				require.NoError(t, browse(tab, 5*time.Second, chromedp.KeyEvent(kb.Enter),
					waitFor(`document.getElementById("suggest").hasAttribute("data-choice")`),
					chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.Enter)))
				_, err := location(tab, "/search/"+m.page+"?q=40014")
				require.NoError(t, err)
				require.NoError(t, browse(tab, 10*time.Second, waitFor(`document.getElementById("results").dataset.q === "40014"`)))
				got, err := eval[[]string](tab, `Array.from(document.querySelectorAll("#results li")).map(li => li.dataset.platform + "/" + li.dataset.code)`)
				require.NoError(t, err)
				assert.Equal(t, []string{"dingtalk/40014", "wechat/40014", "wecom/40014"}, got)
				cmp, err := eval[string](tab, `(() => { const a = document.querySelector("#results-extra a"); return a ? a.getAttribute("href") : ""; })()`)
				require.NoError(t, err)
				assert.Equal(t, "../code/40014/"+m.page, cmp, "link to the number's page")
				v, err := eval[string](tab, `document.getElementById("q-page").value`)
				require.NoError(t, err)
				assert.Equal(t, "40014", v)
			})

			t.Run("result items", func(t *testing.T) {
				searchPage(t, tab, m)
				got, err := typeQuery(tab, "invalid button type")
				require.NoError(t, err)
				require.NotEmpty(t, got)
				type item struct {
					Badge, BadgeClass, Code, Href string
					Marks                         []string
					Tags                          []string
				}
				it, err := eval[item](tab, `(() => {
					const li = document.querySelector("#results li"), a = li.querySelector("a"), b = li.querySelector(".badge");
					return {
						Badge: b.textContent, BadgeClass: b.className, Code: li.querySelector(".r-code").textContent,
						Href: a.getAttribute("href"),
						Marks: Array.from(li.querySelectorAll("mark")).map(m => m.textContent.toLowerCase()),
						Tags: Array.from(new Set(Array.from(document.querySelectorAll("#results *")).map(e => e.tagName))).sort(),
					};
				})()`)
				require.NoError(t, err)
				assert.Equal(t, "微信", it.Badge)
				assert.Equal(t, "badge badge-wechat", it.BadgeClass)
				assert.Equal(t, "40017", it.Code)
				assert.Equal(t, "../wechat/40017/"+m.page, it.Href)
				for _, w := range []string{"invalid", "button", "type"} {
					assert.Contains(t, it.Marks, w)
				}
				assert.Subset(t, []string{"A", "LI", "MARK", "SPAN"}, it.Tags)

				// The page follows the link.
				require.NoError(t, browse(tab, 10*time.Second, chromedp.Click(chromedp.CSS("#results li a"))))
				_, err = location(tab, "/wechat/40017/"+m.page)
				require.NoError(t, err)
				h1, err := eval[string](tab, `document.querySelector("h1").textContent`)
				require.NoError(t, err)
				assert.Contains(t, h1, "40017")
			})

			t.Run("markup stays text", func(t *testing.T) {
				searchPage(t, tab, m)
				q := `<img src=x onerror="window.pwned=1">40014`
				got, err := typeQuery(tab, q)
				require.NoError(t, err)
				assert.NotEmpty(t, got)
				bad, err := eval[bool](tab, `window.pwned === 1 || document.querySelectorAll("main img").length > 0`)
				require.NoError(t, err)
				assert.False(t, bad)
				status, err := eval[string](tab, `document.getElementById("results-status").textContent`)
				require.NoError(t, err)
				assert.Contains(t, status, "<img")
			})
		})
	}
}

// TestSearchIndexForms checks in the browser that search-index.js and
// search-index.json (both minified by the build) carry the same data.
func TestSearchIndexForms(t *testing.T) {
	f := setup(t)
	m := f.modes()[0]
	tab := f.tab(t, m.name)
	searchPage(t, tab, m)
	same, err := eval[bool](tab, `(async () => {
		const json = await (await fetch("../search-index.json")).json();
		delete window.ERRDEX_INDEX;
		await new Promise((ok, fail) => { const s = document.createElement("script"); s.src = "../search-index.js"; s.onload = ok; s.onerror = fail; document.head.appendChild(s); });
		return JSON.stringify(json) === JSON.stringify(window.ERRDEX_INDEX);
	})()`)
	require.NoError(t, err)
	assert.True(t, same)
}

// gzipSize is the size of data gzipped at the best compression.
func gzipSize(data []byte) int {
	var b bytes.Buffer
	w, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	w.Write(data)
	w.Close()
	return b.Len()
}

// TestSearchIndexSize keeps the shipped index (minified, as the build
// writes it) within 200 KiB gzipped.
func TestSearchIndexSize(t *testing.T) {
	f := sites(t)
	for _, name := range []string{"search-index.json", "search-index.js"} {
		data := f.site[name]
		require.NotEmpty(t, data, name)
		gz := gzipSize(data)
		t.Logf("%s: %d codes, %d bytes, %d gzipped", name, len(f.cat.Codes), len(data), gz)
		assert.LessOrEqual(t, gz, 200<<10, "%s is over 200 KiB gzipped: index fix texts more coarsely (docs/search.md)", name)
	}
	var whole struct {
		Terms []string `json:"terms"`
	}
	require.NoError(t, json.Unmarshal(f.site["search-index.json"], &whole))
	assert.NotEmpty(t, whole.Terms, "search-index.json of the real catalog is the whole index, not the manifest of its shards")
}

// disableCache makes every load of the tab go to the server.
func disableCache(tb testing.TB, tab context.Context) {
	tb.Helper()
	_, err := chromedp.Call(tab, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
	require.NoError(tb, err)
}

// loadStats is errdex.stats: how the index was loaded and how long it took.
type loadStats struct {
	Via       string  `json:"via"`
	LoadMs    float64 `json:"loadMs"`
	PrepareMs float64 `json:"prepareMs"`
}

// BenchmarkSearchIndexLoad measures, in Chromium, the time from asking for
// the index to having it parsed (load-ms: over HTTP the fetch and parse of
// the shards' manifest, the shards coming with each query; from file://
// the load and run of the whole index's script), the time to set it up
// for search (prepare-ms), and over HTTP JSON.parse of the whole
// search-index.json alone (parse-ms), for comparison.
func BenchmarkSearchIndexLoad(b *testing.B) {
	f := setup(b)
	for _, m := range f.modes() {
		b.Run(m.name, func(b *testing.B) {
			tab := f.tab(b, m.name)
			disableCache(b, tab)
			var load, prep, parse float64
			for i := 0; i < b.N; i++ {
				openPage(b, tab, m, "")
				st, err := eval[loadStats](tab, `errdex.load().then(() => errdex.stats)`)
				require.NoError(b, err)
				load += st.LoadMs
				prep += st.PrepareMs
				if m.name == "http" {
					ms, err := eval[float64](tab, `fetch("search-index.json").then(r => r.text()).then(t => { const t0 = performance.now(); JSON.parse(t); return performance.now() - t0; })`)
					require.NoError(b, err)
					parse += ms
				}
			}
			n := float64(b.N)
			b.ReportMetric(load/n, "load-ms")
			b.ReportMetric(prep/n, "prepare-ms")
			if m.name == "http" {
				b.ReportMetric(parse/n, "parse-ms")
			}
		})
	}
}

// percentile is the p-th percentile (0–100) of sorted values.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// timeQueries runs every query reps times in the page with errdex.search
// and returns the mean milliseconds of each. (Chromium gives
// performance.now() a 0.1 ms resolution; repeating gets below it.)
func timeQueries(tab context.Context, qs []string, reps int) ([]float64, error) {
	js, _ := json.Marshal(qs)
	return eval[[]float64](tab, fmt.Sprintf(`(async (qs, reps) => {
		const out = [];
		for (const q of qs) {
			const t0 = performance.now();
			for (let i = 0; i < reps; i++) await errdex.search(q, 20);
			out.push((performance.now() - t0) / reps);
		}
		return out;
	})(%s, %d)`, js, reps))
}

// BenchmarkSearchQuery measures query times in Chromium over the query
// table, with the index loaded: the first pass (cold: posting lists are
// decoded on first use) and, per iteration, a pass of ten runs of each
// query; p50 and p95 over the queries, in milliseconds. A query's time is
// errdex.search: parse, rank, and the docs of the first 20 results.
func BenchmarkSearchQuery(b *testing.B) {
	f := setup(b)
	var qs []string
	for _, r := range loadQueries(b) {
		qs = append(qs, r.Query)
	}
	for _, m := range f.modes() {
		b.Run(m.name, func(b *testing.B) {
			tab := f.tab(b, m.name)
			searchPage(b, tab, m)
			_, err := eval[loadStats](tab, `errdex.load().then(() => errdex.stats)`)
			require.NoError(b, err)
			cold, err := timeQueries(tab, qs, 1)
			require.NoError(b, err)
			var warm []float64
			for i := 0; i < b.N; i++ {
				ms, err := timeQueries(tab, qs, 10)
				require.NoError(b, err)
				warm = append(warm, ms...)
			}
			sort.Float64s(cold)
			sort.Float64s(warm)
			b.ReportMetric(percentile(cold, 50), "cold-p50-ms")
			b.ReportMetric(percentile(cold, 95), "cold-p95-ms")
			b.ReportMetric(percentile(warm, 50), "p50-ms")
			b.ReportMetric(percentile(warm, 95), "p95-ms")
			b.ReportMetric(percentile(warm, 100), "max-ms")
		})
	}
}

// syntheticCatalog makes a catalog of n codes from a real one: the real
// codes, then copies of them numbered from 10,000,000 up, one copy per
// round. A copy's Chinese text joins the first half of one real text, a
// made-up product name (two or three characters drawn from the catalog's
// own) and the second half of another; its English text does the same
// with words and a made-up word. So the vocabulary grows, as a bigger
// catalog's would, and the common words get posting lists n/len(real)
// times as long.
func syntheticCatalog(real *errdex.Catalog, n int) *errdex.Catalog {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	var chars []rune
	seen := map[rune]bool{}
	for _, c := range real.Codes {
		for _, ch := range c.Title() {
			if ch >= 0x4e00 && ch <= 0x9fff && !seen[ch] {
				seen[ch] = true
				chars = append(chars, ch)
			}
		}
	}
	half := func(s string, first bool) string {
		rs := []rune(s)
		if first {
			return string(rs[:len(rs)/2])
		}
		return string(rs[len(rs)/2:])
	}
	words := func(s string, first bool) string {
		w := strings.Fields(s)
		if first {
			return strings.Join(w[:len(w)/2], " ")
		}
		return strings.Join(w[len(w)/2:], " ")
	}
	first := func(c *errdex.Code) errdex.Meaning {
		if len(c.Meanings) == 0 {
			return errdex.Meaning{}
		}
		return c.Meanings[0]
	}
	out := &errdex.Catalog{}
	out.Codes = append(out.Codes, real.Codes...)
	for round := 1; len(out.Codes) < n; round++ {
		for i, c := range real.Codes {
			if len(out.Codes) == n {
				break
			}
			a, b := first(c), first(real.Codes[r.IntN(len(real.Codes))])
			var product strings.Builder
			for range 2 + r.IntN(2) {
				product.WriteRune(chars[r.IntN(len(chars))])
			}
			m := errdex.Meaning{ID: "m1", Fix: a.Fix}
			if a.ZH != "" {
				m.ZH = half(a.ZH, true) + product.String() + half(b.ZH, false)
			}
			if a.EN != "" {
				m.EN = strings.TrimSpace(words(a.EN, true) + " x" + strconv.FormatInt(int64(r.IntN(20000)), 36) + " " + words(b.EN, false))
			}
			m.Wordings = []errdex.Wording{{ZH: m.ZH, EN: m.EN, Fix: m.Fix}}
			out.Codes = append(out.Codes, &errdex.Code{
				Platform: c.Platform,
				Code:     strconv.Itoa(round*10_000_000 + i),
				Meanings: []errdex.Meaning{m},
			})
		}
	}
	return out
}

// countingHandler serves h and adds up the bytes of every response by
// path, uncompressed.
type countingHandler struct {
	h     http.Handler
	mu    sync.Mutex
	bytes map[string]int
}

func (c *countingHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Count the files' own bytes: the gzipped sizes are computed apart.
	r.Header.Del("Accept-Encoding")
	cw := &countingWriter{ResponseWriter: w}
	c.h.ServeHTTP(cw, r)
	c.mu.Lock()
	c.bytes[r.URL.Path] += cw.n
	c.mu.Unlock()
}

func (c *countingHandler) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.bytes
	c.bytes = map[string]int{}
	return out
}

type countingWriter struct {
	http.ResponseWriter
	n int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	w.n += n
	return n, err
}

// BenchmarkSearchShards100k builds the index of a synthetic catalog of
// 100,000 codes, which the build shards, and measures in Chromium how many
// bytes of index one query loads: each query of the table is typed cold
// (fresh page, no cache) into the search page, which loads the manifest,
// the term shards the query needs and the doc shards of the first page of
// results. Reported per query: the largest, median and mean bytes, raw and
// as the gzipped sizes of the same files.
func BenchmarkSearchShards100k(b *testing.B) {
	f := setup(b)
	cat := syntheticCatalog(f.cat, 100_000)
	start := time.Now()
	ix, err := render.SearchIndexFiles(cat, 0)
	require.NoError(b, err)
	build := time.Since(start)
	require.Contains(b, ix, "search-index/t0.json", "100,000 codes should be sharded")
	total, shards := 0, 0
	for name, data := range ix {
		if strings.HasSuffix(name, ".json") {
			total += len(data)
			shards++
		}
	}
	b.Logf("100,000 codes: index built in %v, %d JSON files, %d bytes in all, manifest %d bytes", build.Round(time.Millisecond), shards, total, len(ix["search-index.json"]))

	site := searchOnly(f.site, ix)
	gz := map[string]int{}
	for name, data := range site {
		gz["/"+name] = gzipSize(data)
	}
	counter := &countingHandler{bytes: map[string]int{}}
	srv := newSiteServer(b, site, func(h http.Handler) http.Handler { counter.h = h; return counter })
	tab := f.tab(b, "shards100k")
	disableCache(b, tab)
	rows := loadQueries(b)

	var raws, gzs []float64
	type heavy struct {
		q       string
		raw, gz int
		files   int
		results int
	}
	var all []heavy
	for i := 0; i < b.N; i++ {
		for _, row := range rows {
			qs, _ := json.Marshal(row.Query)
			require.NoError(b, browse(tab, 10*time.Second, chromedp.Navigate("about:blank")))
			counter.take()
			require.NoError(b, browse(tab, 30*time.Second,
				chromedp.Navigate(srv.URL+"/search/?q="+url.QueryEscape(row.Query)),
				chromedp.WaitReady(chromedp.ID("results")),
				waitFor(`document.getElementById("results").dataset.q === `+string(qs)),
			))
			n, err := eval[int](tab, `document.querySelectorAll("#results li").length`)
			require.NoError(b, err)
			h := heavy{q: row.Query, results: n}
			for p, c := range counter.take() {
				if strings.HasPrefix(p, "/search-index") {
					h.raw += c
					h.gz += gz[p]
					h.files++
				}
			}
			if len(row.First) > 0 {
				assert.NotZero(b, n, "query %q found nothing in the sharded index", row.Query)
			}
			raws = append(raws, float64(h.raw))
			gzs = append(gzs, float64(h.gz))
			all = append(all, h)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].raw > all[j].raw })
	for _, h := range all[:min(5, len(all))] {
		b.Logf("heaviest: %q loads %d files, %d bytes (%d gzipped), shows %d results", h.q, h.files, h.raw, h.gz, h.results)
	}
	mean := func(v []float64) float64 {
		s := 0.0
		for _, x := range v {
			s += x
		}
		return s / float64(len(v))
	}
	sort.Float64s(raws)
	sort.Float64s(gzs)
	b.ReportMetric(percentile(raws, 100)/1024, "max-KB/query")
	b.ReportMetric(percentile(raws, 50)/1024, "p50-KB/query")
	b.ReportMetric(mean(raws)/1024, "mean-KB/query")
	b.ReportMetric(percentile(gzs, 100)/1024, "max-gzKB/query")
	b.ReportMetric(percentile(gzs, 50)/1024, "p50-gzKB/query")
}

// parseJS is the script's errdex.parse, written as search.Query.String
// writes a query.
const parseJS = `(q => {
	const f = [];
	if (q.platforms.length) f.push("platforms=" + q.platforms.join(","));
	if (q.codes.length) f.push("codes=" + q.codes.join(","));
	if (q.terms.length) f.push("terms=" + q.terms.map(t => t.t + (t.p ? "*" : "")).join(","));
	if (q.pasted) f.push("pasted");
	return f.join(" ");
})`

// TestSearchParse checks the script's reading of every query case;
// package search's TestQueryCases checks the Go rules with the same cases.
func TestSearchParse(t *testing.T) {
	f := setup(t)
	m := f.modes()[0]
	tab := f.tab(t, m.name)
	openPage(t, tab, m, "")
	cases := allCases(t)
	require.GreaterOrEqual(t, len(cases), 70)
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d", c.Line), func(t *testing.T) {
			js, _ := json.Marshal(c.Query)
			got, err := eval[string](tab, parseJS+"(errdex.parse("+string(js)+"))")
			require.NoError(t, err)
			assert.Equal(t, c.Parse, got, "queries.tsv:%d: %q (%s)", c.Line, c.Query, c.Note)
		})
	}
}

// TestLiveReload opens pages of the site served as errdex serve serves it,
// with its Content-Security-Policy: a failed rebuild shows its error on the
// open page (made by the external reload script, the policy allowing no
// inline script or style), a good one reloads the page, and browsing many
// pages leaves no reload stream holding one of the browser's six
// connections to the host.
func TestLiveReload(t *testing.T) {
	f := setup(t)
	h := newSiteHandler(f.site, nil)
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		h.close()
		srv.Close()
	})
	m := mode{name: "reload", base: srv.URL + "/"}
	tab := f.tab(t, "live-reload")

	// Twice the browser's limit of connections per host: a page left in the
	// back/forward cache with its stream open would hold one each.
	pages := []string{"", "wecom/", "wecom/40014/", "dingtalk/", "wechat/", "code/40014/", "about/", "conflicts/", "changes/", "search/", "wechat/40001/", "code/40001/"}
	for _, p := range pages {
		openPage(t, tab, m, p)
	}

	openPage(t, tab, m, "wecom/40014/")
	h.update(nil, nil, errors.New("sources.toml:3: <b>broken</b>"))
	require.NoError(t, waitAcross(tab, 30*time.Second, `!!document.getElementById("errdex-build-error")`))
	banner, err := eval[string](tab, `document.getElementById("errdex-build-error").textContent`)
	require.NoError(t, err)
	assert.Contains(t, banner, "the last rebuild failed")
	assert.Contains(t, banner, "sources.toml:3: <b>broken</b>", "the error as text")
	pos, err := eval[string](tab, `getComputedStyle(document.getElementById("errdex-build-error")).position`)
	require.NoError(t, err)
	assert.Equal(t, "fixed", pos, "styled despite style-src 'self'")

	require.NoError(t, browse(tab, 20*time.Second, chromedp.Evaluate[chromedp.Void](`window.errdexMarker = 1`)))
	h.update(f.site, nil, nil)
	require.NoError(t, waitAcross(tab, 30*time.Second, `window.errdexMarker === undefined && typeof errdex === "object"`), "the page did not reload")
	n, err := eval[int](tab, `document.querySelectorAll("#errdex-build-error").length`)
	require.NoError(t, err)
	assert.Zero(t, n, "no banner after a good build")
}
