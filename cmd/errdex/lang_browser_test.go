package main

// Browser tests of the interface language (#12): the page shows the
// reader's language from its first frame (the browser's language, or the
// one chosen with the switch), the switch is a keyboard-usable pair of
// buttons, the choice is remembered across pages, over HTTP and from
// file:// (the bundle build). They use the shared fixture
// (browser_test.go); a tab's browser language is set with the DevTools
// protocol (Emulation.setUserAgentOverride's acceptLanguage), which
// navigator.languages follows.

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// browserLang makes tab's browser language accept (e.g. "zh-CN"), for
// the pages it opens from now on.
func browserLang(tb testing.TB, tab context.Context, accept string) {
	tb.Helper()
	ua, err := eval[string](tab, "navigator.userAgent")
	require.NoError(tb, err)
	_, err = chromedp.Call(tab, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: accept})
	require.NoError(tb, err)
}

// langTab returns a tab whose browser language is accept ("" for the
// browser's own, en-US), opened once per name.
func langTab(tb testing.TB, f *fixture, accept string) context.Context {
	tb.Helper()
	name := "lang-" + accept
	_, opened := f.tabs[name]
	tab := f.tab(tb, name)
	if !opened && accept != "" {
		browserLang(tb, tab, accept)
	}
	return tab
}

// forgetLang removes the stored choice of m's origin (each test leaves
// the browser as it found it: other tests share its profile).
func forgetLang(tb testing.TB, tab context.Context, m mode) {
	tb.Helper()
	openPage(tb, tab, m, "")
	_, err := eval[bool](tab, `(() => { localStorage.removeItem("errdex-lang"); return true; })()`)
	require.NoError(tb, err)
}

// firstFrame records, in every document the tab opens, the page as it is
// on the first animation frame in which the heading sel exists: a frame
// comes right before the browser draws, so this is what the reader saw
// first. It also records <html data-ui> as the parser inserts <body>:
// set then, the language was chosen before any of the page's content
// existed (a script run later, at DOMContentLoaded, would not be).
const firstFrame = `(() => {
	const sel = %q;
	const mo = new MutationObserver(() => {
		if (!document.body) return;
		window.__bodyUI = document.documentElement.getAttribute("data-ui") || "";
		mo.disconnect();
	});
	mo.observe(document, {childList: true, subtree: true});
	const look = () => {
		const h = document.querySelector(sel);
		// The heading and what follows it parsed: a frame drawn while the
		// parser stopped inside the heading shows it empty.
		if (!h || !h.nextElementSibling) { requestAnimationFrame(look); return; }
		const q = document.getElementById("q");
		window.__firstFrame = {
			ui: document.documentElement.getAttribute("data-ui") || "",
			lang: document.documentElement.lang,
			heading: h.innerText.trim(),
			placeholder: q ? q.getAttribute("placeholder") : "",
			pressed: Array.from(document.querySelectorAll(".lang-switch button[aria-pressed=true]")).map(b => b.textContent),
			loaded: document.readyState,
			bodyUI: window.__bodyUI,
		};
	};
	requestAnimationFrame(look);
})()`

// frame is what firstFrame records.
type frame struct {
	UI          string   `json:"ui"`
	Lang        string   `json:"lang"`
	Heading     string   `json:"heading"`
	Placeholder string   `json:"placeholder"`
	Pressed     []string `json:"pressed"`
	Loaded      string   `json:"loaded"`
	BodyUI      string   `json:"bodyUI"`
}

func TestLangFirstPaint(t *testing.T) {
	f := setup(t)
	tests := []struct {
		accept                     string
		ui, lang, heading, pressed string
		placeholder                string
	}{
		{"zh-CN,zh;q=0.9", "zh", "zh-CN", "下一步", "中文", "40014、不合法的 token，或粘贴接口返回…"},
		{"en-US,en;q=0.9", "en", "en", "What to do next", "English", "40014, 不合法的 token, or paste a response…"},
		{"fr-FR,zh-TW;q=0.8", "zh", "zh-CN", "下一步", "中文", "40014、不合法的 token，或粘贴接口返回…"},
		{"fr-FR", "en", "en", "What to do next", "English", "40014, 不合法的 token, or paste a response…"},
	}
	for _, m := range f.modes() {
		for _, tc := range tests {
			t.Run(m.name+"/"+tc.accept, func(t *testing.T) {
				tab := langTab(t, f, tc.accept)
				forgetLang(t, tab, m)
				script, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: fmt.Sprintf(firstFrame, "#next-h")})
				require.NoError(t, err)
				defer func() {
					_, err := chromedp.Call(tab, page.RemoveScriptToEvaluateOnNewDocument, page.RemoveScriptToEvaluateOnNewDocumentParams(script))
					require.NoError(t, err)
				}()
				openPage(t, tab, m, "wecom/60011/")
				require.NoError(t, browse(tab, 10*time.Second, waitFor(`!!window.__firstFrame`)))
				got, err := eval[frame](tab, "window.__firstFrame")
				require.NoError(t, err)
				assert.Equal(t, tc.ui, got.UI)
				assert.Equal(t, tc.ui, got.BodyUI, "data-ui when <body> was inserted")
				assert.Equal(t, tc.lang, got.Lang)
				assert.Equal(t, tc.heading, got.Heading, "the heading on the first frame it is drawn in (document %s)", got.Loaded)
				assert.Equal(t, tc.placeholder, got.Placeholder)
				assert.Equal(t, []string{tc.pressed}, got.Pressed)
			})
		}
	}
}

// langState is what the page shows of the interface language now.
type langState struct {
	UI      string   `json:"ui"`
	Heading string   `json:"heading"`
	Pressed []string `json:"pressed"`
	Label   string   `json:"label"`
	Stored  string   `json:"stored"`
	Visible bool     `json:"visible"`
}

const readLang = `(() => ({
	ui: document.documentElement.getAttribute("data-ui"),
	heading: (document.querySelector("main h1, main h2") || {innerText: ""}).innerText.trim(),
	pressed: Array.from(document.querySelectorAll(".lang-switch button[aria-pressed=true]")).map(b => b.textContent),
	label: (document.querySelector("nav.platform-nav") || {getAttribute: () => ""}).getAttribute("aria-label"),
	stored: localStorage.getItem("errdex-lang") || "",
	visible: !!document.querySelector(".lang-switch") && getComputedStyle(document.querySelector(".lang-switch")).display !== "none",
}))()`

func TestLangSwitch(t *testing.T) {
	f := setup(t)
	for _, m := range f.modes() {
		t.Run(m.name, func(t *testing.T) {
			tab := langTab(t, f, "en-US")
			forgetLang(t, tab, m)
			defer forgetLang(t, tab, m)
			openPage(t, tab, m, "wecom/60011/")
			s, err := eval[langState](tab, readLang)
			require.NoError(t, err)
			assert.Equal(t, langState{UI: "en", Heading: "WeCom 60011\n指定的成员/部门/标签参数无权限", Pressed: []string{"English"}, Label: "Platforms", Visible: true}, s)

			// The keyboard: focus 中文, press Enter.
			require.NoError(t, browse(tab, 5*time.Second,
				chromedp.Focus(chromedp.CSS(`.lang-switch button[data-lang="zh"]`)),
				chromedp.KeyEvent(kb.Enter),
			))
			s, err = eval[langState](tab, readLang)
			require.NoError(t, err)
			assert.Equal(t, "zh", s.UI)
			assert.Equal(t, []string{"中文"}, s.Pressed)
			assert.Equal(t, "平台", s.Label)
			assert.Equal(t, "zh", s.Stored)
			next, err := eval[string](tab, `document.getElementById("next-h").innerText.trim()`)
			require.NoError(t, err)
			assert.Equal(t, "下一步", next)

			// Remembered on the next page, and on a page reached by a link.
			openPage(t, tab, m, "conflicts/")
			s, err = eval[langState](tab, readLang)
			require.NoError(t, err)
			assert.Equal(t, "zh", s.UI)
			assert.Equal(t, "冲突", s.Heading)
			assert.Equal(t, []string{"中文"}, s.Pressed)

			// And back: Space on English.
			require.NoError(t, browse(tab, 5*time.Second,
				chromedp.Focus(chromedp.CSS(`.lang-switch button[data-lang="en"]`)),
				chromedp.KeyEvent(" "),
			))
			openPage(t, tab, m, "")
			s, err = eval[langState](tab, readLang)
			require.NoError(t, err)
			assert.Equal(t, "en", s.UI)
			assert.Equal(t, "en", s.Stored)
			assert.Equal(t, []string{"English"}, s.Pressed)
		})
	}
}

// TestLangScriptMessages checks that the scripts' texts follow the
// switch: the copy button's status and the search page's hint.
func TestLangScriptMessages(t *testing.T) {
	f := setup(t)
	m := f.modes()[0]
	tab := langTab(t, f, "zh-CN")
	forgetLang(t, tab, m)
	openPage(t, tab, m, "search/")
	status, err := eval[string](tab, `document.getElementById("results-status").innerText.trim()`)
	require.NoError(t, err)
	assert.Equal(t, "输入错误码、关键词，或粘贴接口返回。", status)
	msg, err := eval[string](tab, `errdexMsg("page.copied")`)
	require.NoError(t, err)
	assert.Equal(t, "已复制", msg)

	// A search's status line follows the switch; the results' source texts
	// keep their own language.
	require.NoError(t, browse(tab, 20*time.Second,
		chromedp.SendKeys(chromedp.ID("q-page"), "40014"),
		waitFor(`document.getElementById("results").dataset.q === "40014"`),
	))
	status, err = eval[string](tab, `document.getElementById("results-status").innerText.trim()`)
	require.NoError(t, err)
	assert.Contains(t, status, "条结果")
	langs, err := eval[[]string](tab, `[...document.querySelectorAll("#results .r-text")].map(e => e.lang)`)
	require.NoError(t, err)
	require.NotEmpty(t, langs)
	for _, l := range langs {
		assert.Contains(t, []string{"zh-CN", "en"}, l)
	}
	require.NoError(t, browse(tab, 10*time.Second,
		chromedp.Click(chromedp.CSS(`.lang-switch button[data-lang="en"]`)),
		waitFor(`document.getElementById("results-status").innerText.includes("results for")`),
	))
	forgetLang(t, tab, m)
}

// TestNumberPairsFollowVerdict checks, on the real site, that each pair
// line of a /code/N/ page says what the two code pages say of each other
// (#12: no "could not be compared" where the code pages say "same
// meaning").
func TestNumberPairsFollowVerdict(t *testing.T) {
	f := sites(t)
	verdict := func(platform, code, other string) string {
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(f.site[platform+"/"+code+"/index.html"]))
		require.NoError(t, err)
		v := ""
		doc.Find("#elsewhere li").Each(func(_ int, s *goquery.Selection) {
			if s.Find(".badge-"+other).Length() > 0 {
				v = s.Find("[data-verdict]").AttrOr("data-verdict", "")
			}
		})
		return v
	}
	pairs := 0
	for name, data := range f.site {
		if !strings.HasPrefix(name, "code/") || !strings.HasSuffix(name, "/index.html") {
			continue
		}
		code := strings.TrimSuffix(strings.TrimPrefix(name, "code/"), "/index.html")
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(data))
		require.NoError(t, err)
		var cards []string
		doc.Find(".number-card").Each(func(_ int, s *goquery.Selection) { cards = append(cards, s.AttrOr("id", "")) })
		i := 0
		doc.Find(".pairs li").Each(func(_ int, s *goquery.Selection) {
			// The pairs are in card order: (0,1), (0,2), (1,2), …
			a, b := pairIndex(i, len(cards))
			i++
			pairs++
			want := verdict(cards[a], code, cards[b])
			assert.Equal(t, want, s.AttrOr("data-verdict", ""), "%s: %s and %s", name, cards[a], cards[b])
			assert.Equal(t, want, verdict(cards[b], code, cards[a]), "%s: the two code pages disagree", name)
		})
	}
	assert.Greater(t, pairs, 10)
}

// pairIndex is the i-th pair (a, b), a < b, of n items in order.
func pairIndex(i, n int) (int, int) {
	for a := 0; a < n; a++ {
		if k := n - a - 1; i < k {
			return a, a + 1 + i
		} else {
			i -= k
		}
	}
	return -1, -1
}

// TestBadgeHuesDiffer checks that the platforms' badge colours
// (content/sources.toml) are told apart by hue, not only by name: any two
// differ by at least 40° in the light and the dark scheme.
func TestBadgeHuesDiffer(t *testing.T) {
	f := sites(t)
	table := f.cat.PlatformTable()
	ids := table.IDs()
	for i, a := range ids {
		for _, b := range ids[i+1:] {
			ia, ib := table.Info(a), table.Info(b)
			for _, c := range [][2]string{{ia.Color, ib.Color}, {ia.ColorDark, ib.ColorDark}} {
				d := math.Abs(hue(t, c[0]) - hue(t, c[1]))
				d = math.Min(d, 360-d)
				assert.GreaterOrEqual(t, d, 40.0, "%s %s and %s %s", a, c[0], b, c[1])
			}
		}
	}
}

// hue is the hue in degrees of a #rrggbb colour.
func hue(t *testing.T, c string) float64 {
	t.Helper()
	require.Len(t, c, 7)
	var rgb [3]float64
	for i := range rgb {
		v, err := strconv.ParseUint(c[1+2*i:3+2*i], 16, 8)
		require.NoError(t, err)
		rgb[i] = float64(v) / 255
	}
	r, g, b := rgb[0], rgb[1], rgb[2]
	hi, lo := math.Max(r, math.Max(g, b)), math.Min(r, math.Min(g, b))
	if hi == lo {
		return 0
	}
	var h float64
	switch hi {
	case r:
		h = math.Mod((g-b)/(hi-lo), 6)
	case g:
		h = (b-r)/(hi-lo) + 2
	default:
		h = (r-g)/(hi-lo) + 4
	}
	h *= 60
	if h < 0 {
		h += 360
	}
	return h
}
