package main

import (
	"archive/zip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// unzip extracts a zip into dir.
func unzip(t *testing.T, name, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(name)
	require.NoError(t, err)
	defer zr.Close()
	for _, f := range zr.File {
		require.False(t, strings.Contains(f.Name, ".."), f.Name)
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		rc, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(rc)
		rc.Close()
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(p, data, 0o644))
	}
}

// TestBundleWalk unzips the offline bundle as a user would and walks it
// from file://: home → search → code page → the number across platforms →
// back, checking that nothing is loaded from outside the bundle.
func TestBundleWalk(t *testing.T) {
	f := setup(t)
	dir := t.TempDir()
	zipPath := filepath.Join(dir, "errdex-offline.zip")
	require.NoError(t, run([]string{"bundle", "-content", realContent, "-o", zipPath}, io.Discard, io.Discard))
	unzip(t, zipPath, filepath.Join(dir, "unzipped somewhere"))
	home := "file://" + filepath.ToSlash(filepath.Join(dir, "unzipped somewhere", "errdex", "index.html"))
	tab := f.tab(t, "bundle-walk")

	require.NoError(t, browse(tab, 20*time.Second,
		chromedp.Navigate(home),
		chromedp.WaitReady(chromedp.ID("q-home")),
		waitFor(`typeof errdex === "object"`),
	))
	// Search from the home page's box: three platforms have 40014, so the
	// form shows them to choose from, with a link to all the results.
	require.NoError(t, browse(tab, 20*time.Second,
		chromedp.Evaluate[chromedp.Void](`localStorage.removeItem("errdex.platform")`),
		chromedp.SendKeys(chromedp.ID("q-home"), "40014"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("q-home").form.requestSubmit()`),
		waitFor(`document.getElementById("suggest-home").hasAttribute("data-choice")`),
		chromedp.Click(chromedp.CSS(`#suggest-home-all a`)),
	))
	_, err := location(tab, "search/index.html?q=40014")
	require.NoError(t, err)
	require.NoError(t, browse(tab, 20*time.Second, waitFor(`document.querySelectorAll("#results li a").length >= 3`)))
	hrefs, err := eval[[]string](tab, `Array.from(document.querySelectorAll("#results li a")).map(a => a.getAttribute("href"))`)
	require.NoError(t, err)
	assert.Contains(t, hrefs, "../wecom/40014/index.html")

	// Click through to the WeCom page.
	require.NoError(t, browse(tab, 20*time.Second, chromedp.Click(chromedp.CSS(`#results a[href="../wecom/40014/index.html"]`))))
	_, err = location(tab, "/errdex/wecom/40014/index.html")
	require.NoError(t, err)
	// The URL changes before the new document is parsed: wait for it.
	require.NoError(t, browse(tab, 20*time.Second, waitFor(`document.querySelector("h1") !== null`)))
	title, err := eval[string](tab, `document.querySelector("h1").textContent`)
	require.NoError(t, err)
	assert.Contains(t, title, "WeCom 40014")
	assert.Contains(t, title, "access_token")

	// Everything the page loaded came from the bundle.
	// (Chromium keeps no resource timing for file://, so read the elements.)
	loaded, err := eval[[]string](tab, `Array.from(document.querySelectorAll("link[href], script[src], img[src], iframe[src]")).map(e => e.href || e.src)`)
	require.NoError(t, err)
	require.NotEmpty(t, loaded)
	for _, u := range loaded {
		assert.True(t, strings.HasPrefix(u, "file://"), "loaded %s from outside the bundle", u)
	}

	// On to the number across platforms, then back.
	require.NoError(t, browse(tab, 20*time.Second, chromedp.Click(chromedp.CSS(`#elsewhere a[href$="code/40014/index.html"]`))))
	_, err = location(tab, "/errdex/code/40014/index.html")
	require.NoError(t, err)
	cards, err := eval[int](tab, `document.querySelectorAll(".number-card").length`)
	require.NoError(t, err)
	assert.Equal(t, 3, cards)
	require.NoError(t, browse(tab, 20*time.Second, chromedp.NavigateBack()))
	_, err = location(tab, "/errdex/wecom/40014/index.html")
	require.NoError(t, err)

}
