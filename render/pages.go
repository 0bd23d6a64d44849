package render

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"errdex"
)

// codeView is the data of a code page.
type codeView struct {
	C            *errdex.Code
	Meanings     []meaningView
	Prev, Next   *errdex.Code
	MarkdownLink string // what the "copy Markdown link" button copies
	PlainText    string // what the "copy text" button copies
	Siblings     []*errdex.Code
	// NextSteps are the links of "What to do next".
	NextSteps []nextStep
	// Report is the link to report a problem with the page, "" for none.
	Report string
	// ConflictLines say each conflict kind in plain words.
	ConflictLines []conflictLine
}

type meaningView struct {
	// The meaning's own fields the page shows, copied rather than promoted
	// from an embedded errdex.Meaning (see refView).
	ID, ZH, EN, Fix, Troubleshooting string
	ScopeLabels                      []string
	Wordings                         []errdex.Wording

	ScopeName string   // the meaning's first scope
	Scopes    []string // display names of every scope its wordings come from
	Refs      []refView
	Others    []errdex.Wording // wordings other than the meaning's own text
	// Marked is the meaning's text with what differs from the code's other
	// meanings marked, for the conflict banner.
	Marked markedText
	// Covers names every code the meaning's troubleshooting section is
	// for, as the source heads it ("错误码：40054 40055"), when it is more
	// than this code.
	Covers string
}

// refView is a source row as a code page names it. Its fields are its
// own, not promoted from an embedded errdex.SourceInfo: a template reads
// a promoted field by a search through the embedded structs, a field of
// its own directly (a twentieth of a code page, issue #14).
type refView struct {
	Title, URL, Retrieved, Path string
	Official                    bool
	Line                        int
}

func (b *builder) refs(rs []errdex.SourceRef) []refView {
	var out []refView
	for _, r := range rs {
		s, _ := b.cat.Source(r.Source)
		out = append(out, refView{Title: s.Title, URL: s.URL, Retrieved: s.Retrieved, Path: s.Path, Official: s.Official(), Line: r.Line})
	}
	return out
}

func (b *builder) meaningView(c *errdex.Code, m errdex.Meaning) meaningView {
	mv := meaningView{ID: m.ID, ZH: m.ZH, EN: m.EN, Fix: m.Fix, Troubleshooting: m.Troubleshooting,
		ScopeLabels: m.ScopeLabels, Wordings: m.Wordings, ScopeName: b.cat.ScopeName(c.Platform, m.Scope), Refs: b.refs(m.Sources)}
	seen := map[string]bool{}
	for _, w := range m.Wordings {
		if !seen[w.Scope] {
			seen[w.Scope] = true
			mv.Scopes = append(mv.Scopes, b.cat.ScopeName(c.Platform, w.Scope))
		}
	}
	return mv
}

// codeTitle is the headline of a code: "WeCom 40014 · 不合法的 access_token".
func (b *builder) codeTitle(c *errdex.Code) string {
	t := b.name(c.Platform) + " " + c.Code
	if s := c.Title(); s != "" {
		t += " · " + s
	}
	return t
}

// sharedSections maps each platform's troubleshooting texts to the codes
// that carry them, in code order.
func (b *builder) sharedSections() map[errdex.Platform]map[string][]string {
	out := map[errdex.Platform]map[string][]string{}
	for _, c := range b.cat.Codes {
		for _, m := range c.Meanings {
			if m.Troubleshooting == "" {
				continue
			}
			if out[c.Platform] == nil {
				out[c.Platform] = map[string][]string{}
			}
			codes := out[c.Platform][m.Troubleshooting]
			if len(codes) == 0 || codes[len(codes)-1] != c.Code {
				out[c.Platform][m.Troubleshooting] = append(codes, c.Code)
			}
		}
	}
	return out
}

func (b *builder) codePages() error {
	shared := b.sharedSections()
	for i, c := range b.cat.Codes {
		v := codeView{C: c, Siblings: b.cat.ByNumber(c.Code)}
		if i > 0 && b.cat.Codes[i-1].Platform == c.Platform {
			v.Prev = b.cat.Codes[i-1]
		}
		if i+1 < len(b.cat.Codes) && b.cat.Codes[i+1].Platform == c.Platform {
			v.Next = b.cat.Codes[i+1]
		}
		for _, m := range c.Meanings {
			mv := b.meaningView(c, m)
			if codes := shared[c.Platform][m.Troubleshooting]; len(codes) > 1 {
				mv.Covers = "错误码：" + strings.Join(codes, " ")
			}
			for _, w := range m.Wordings {
				if w.ZH != m.ZH || w.EN != m.EN || w.Fix != m.Fix {
					mv.Others = append(mv.Others, w)
				}
			}
			v.Meanings = append(v.Meanings, mv)
		}
		if len(c.Conflicts) > 0 {
			for i, mt := range markMeanings(c.Meanings) {
				v.Meanings[i].Marked = mt
			}
		}
		v.NextSteps = b.nextSteps(c)
		b.link(v.NextSteps, c.URL())
		v.Report = b.reportURL(c)
		for _, k := range c.Conflicts {
			v.ConflictLines = append(v.ConflictLines, conflictLine{Kind: k, Text: b.conflictWords(c, k)})
		}
		title := b.codeTitle(c)
		url := b.absOrRel(c.URL())
		v.MarkdownLink = fmt.Sprintf("[%s %s: %s](%s)", b.name(c.Platform), c.Code, c.Title(), url)
		v.PlainText = b.plainText(c)
		p := &page{
			URL: c.URL(), Title: title, Type: "article", Data: v,
			Description: b.describe(c),
			Crumbs:      b.crumbs(b.pname(c.Platform), string(c.Platform)+"/", c.Code, c.URL()),
		}
		if err := b.render("code", p); err != nil {
			return err
		}
		if err := b.codeJSONFile(c); err != nil {
			return err
		}
	}
	return nil
}

// absOrRel is the URL to share for a site path: absolute with a base URL,
// else the site-relative path.
func (b *builder) absOrRel(u string) string {
	if b.opt.BaseURL != "" {
		return b.opt.BaseURL + u
	}
	return "/" + u
}

// describe is a code's one-line description for meta tags and unfurls.
func (b *builder) describe(c *errdex.Code) string {
	var parts []string
	for _, m := range c.Meanings {
		s := m.ZH
		if m.EN != "" {
			if s != "" {
				s += " (" + m.EN + ")"
			} else {
				s = m.EN
			}
		}
		if m.Fix != "" {
			s += "：" + m.Fix
		}
		parts = append(parts, s)
	}
	d := fmt.Sprintf("%s (%s) error code %s: %s", b.name(c.Platform), b.nameZH(c.Platform), c.Code, strings.Join(parts, "；"))
	if r := []rune(d); len(r) > 200 {
		d = string(r[:199]) + "…"
	}
	return d
}

// plainText is a code as plain text, for pasting into chats and tickets.
func (bd *builder) plainText(c *errdex.Code) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s\n", bd.name(c.Platform), c.Code)
	for _, m := range c.Meanings {
		if m.ZH != "" {
			fmt.Fprintf(&b, "%s\n", m.ZH)
		}
		if m.EN != "" {
			fmt.Fprintf(&b, "%s\n", m.EN)
		}
		if m.Fix != "" {
			fmt.Fprintf(&b, "Fix: %s\n", m.Fix)
		}
	}
	return strings.TrimSpace(b.String())
}

// numberView is the data of a /code/N/ page.
type numberView struct {
	Number string
	Codes  []codeView
	// Verdict is errdex's verdict on the codes' meanings when every pair
	// agrees on it ("same", "different", "unknown"), "mixed" otherwise.
	Verdict string
	// Pairs are the verdicts of each pair of platforms, for a mixed verdict.
	Pairs []numberPair
}

// numberPair is the verdict on one pair of a number's codes.
type numberPair struct {
	A, B    errdex.Platform
	Verdict string
}

// numberVerdict is what the catalog says of a number's codes, pair by
// pair: the sibling verdicts of the merge (errdex.Sibling.Agreement).
func numberVerdict(codes []*errdex.Code) (string, []numberPair) {
	var pairs []numberPair
	verdicts := map[string]bool{}
	for i, x := range codes {
		for _, y := range codes[i+1:] {
			v := errdex.Unknown.String()
			for _, sib := range x.Elsewhere {
				if sib.Platform == y.Platform {
					v = sib.Agreement.String()
				}
			}
			verdicts[v] = true
			pairs = append(pairs, numberPair{A: x.Platform, B: y.Platform, Verdict: v})
		}
	}
	if len(verdicts) == 1 {
		return pairs[0].Verdict, pairs
	}
	return "mixed", pairs
}

func (b *builder) numberPages() error {
	for _, n := range b.cat.Numbers() {
		v := numberView{Number: n}
		codes := b.cat.ByNumber(n)
		if len(codes) == 1 {
			// One platform: the code page says it all; this URL keeps
			// working and sends the reader there.
			c := codes[0]
			p := &page{
				URL: errdex.NumberURL(n), Title: "Error code " + n + " on " + b.name(c.Platform),
				Description: fmt.Sprintf("Only %s documents error code %s.", b.name(c.Platform), n),
				Type:        "article", Data: numberView{Number: n, Codes: []codeView{{C: c}}},
				NoSitemap: true, CanonicalURL: c.URL(),
				Crumbs: b.crumbs("Codes", "", n, errdex.NumberURL(n)),
			}
			p.Crumbs = append(p.Crumbs[:1], p.Crumbs[2:]...)
			if err := b.render("number", p); err != nil {
				return err
			}
			continue
		}
		if len(codes) > 1 {
			v.Verdict, v.Pairs = numberVerdict(codes)
		}
		for _, c := range codes {
			cv := codeView{C: c}
			for _, m := range c.Meanings {
				cv.Meanings = append(cv.Meanings, b.meaningView(c, m))
			}
			v.Codes = append(v.Codes, cv)
		}
		var names []string
		for _, c := range v.Codes {
			names = append(names, b.name(c.C.Platform))
		}
		p := &page{
			URL: errdex.NumberURL(n), Title: "Error code " + n + " on " + strings.Join(names, ", "),
			Description: fmt.Sprintf("What error code %s means on %s.", n, strings.Join(names, ", ")),
			Type:        "article", Data: v,
			Crumbs: b.crumbs("Codes", "", n, errdex.NumberURL(n)),
		}
		p.Crumbs = append(p.Crumbs[:1], p.Crumbs[2:]...)
		if err := b.render("number", p); err != nil {
			return err
		}
	}
	return nil
}

// platformView is the data of a platform index.
type platformView struct {
	Platform errdex.Platform
	Count    int
	Scopes   []scopeGroup
}

type scopeGroup struct {
	ID, Name string
	Count    int
	Ranges   []rangeGroup
}

type rangeGroup struct {
	ID, Name string
	Codes    []scopeCode
}

// scopeCode is a code as listed under one scope: the meaning in that scope.
type scopeCode struct {
	*errdex.Code
	Meaning errdex.Meaning
}

func (b *builder) platformPages() error {
	for _, pl := range b.cat.PlatformTable().IDs() {
		v := platformView{Platform: pl}
		byScope := map[string][]scopeCode{}
		for _, c := range b.cat.Codes {
			if c.Platform != pl {
				continue
			}
			v.Count++
			seen := map[string]bool{}
			for _, m := range c.Meanings {
				if !seen[m.Scope] {
					seen[m.Scope] = true
					byScope[m.Scope] = append(byScope[m.Scope], scopeCode{Code: c, Meaning: m})
				}
			}
		}
		var scopes []string
		for s := range byScope {
			scopes = append(scopes, s)
		}
		sort.Slice(scopes, func(i, j int) bool {
			if (scopes[i] == "") != (scopes[j] == "") {
				return scopes[i] == ""
			}
			return scopes[i] < scopes[j]
		})
		for _, s := range scopes {
			id := "scope-" + s
			if s == "" {
				id = "scope-general"
			}
			g := scopeGroup{ID: id, Name: b.cat.ScopeName(pl, s), Count: len(byScope[s])}
			for _, c := range byScope[s] {
				r := codeRange(c.Code.Code)
				if n := len(g.Ranges); n == 0 || g.Ranges[n-1].Name != r {
					g.Ranges = append(g.Ranges, rangeGroup{ID: id + "-" + slug(r), Name: r})
				}
				last := &g.Ranges[len(g.Ranges)-1]
				last.Codes = append(last.Codes, c)
			}
			v.Scopes = append(v.Scopes, g)
		}
		p := &page{
			URL: string(pl) + "/", Title: fmt.Sprintf("%s (%s) error codes", b.name(pl), b.nameZH(pl)),
			Description: fmt.Sprintf("All %d %s (%s) API error codes, by scope and range, with every source's wording.", v.Count, b.name(pl), b.nameZH(pl)),
			Type:        "website", Data: v,
			Crumbs: b.crumbs(b.pname(pl), string(pl)+"/"),
		}
		if err := b.render("platform", p); err != nil {
			return err
		}
	}
	return nil
}

// codeRange names the range a code falls in: 40000–40999 for 5-digit
// codes, growing tenfold with every further digit; codes of up to three
// digits share one range. Negative codes read from the most negative.
func codeRange(code string) string {
	n, err := strconv.ParseInt(strings.ReplaceAll(strings.ToLower(code), "x", "0"), 10, 64)
	if err != nil {
		return "other"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	digits := len(strconv.FormatInt(n, 10))
	lo, hi := int64(0), int64(999)
	if digits > 3 {
		size := int64(1000)
		for i := 5; i < digits; i++ {
			size *= 10
		}
		lo = n / size * size
		hi = lo + size - 1
	}
	if neg {
		if lo == 0 {
			lo = 1
		}
		return fmt.Sprintf("-%d–-%d", hi, lo)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

func slug(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r == '-' && b.Len() == 0:
			b.WriteString("neg")
		default:
			if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
				b.WriteByte('-')
			}
		}
	}
	return strings.Trim(b.String(), "-")
}

// reportView is the data of the conflicts page.
type reportView struct {
	Kinds    []kindGroup
	Total    int
	Counts   map[errdex.ConflictKind]map[errdex.Platform]int
	Flagged  map[errdex.Platform]int
	Changes  []changeGroup
	Sources  []errdex.SourceInfo
	Platform []errdex.Platform
}

type kindGroup struct {
	Kind      errdex.ConflictKind
	Platforms []platformCodes
	Count     int
}

type platformCodes struct {
	Platform errdex.Platform
	Codes    []*errdex.Code
}

type changeGroup struct {
	From, To errdex.SourceInfo
	Kinds    []changeKind
}

type changeKind struct {
	Kind    errdex.ChangeKind
	Changes []errdex.Change
}

func (b *builder) reportPages() error {
	v := reportView{Counts: map[errdex.ConflictKind]map[errdex.Platform]int{}, Flagged: map[errdex.Platform]int{}, Platform: b.cat.PlatformTable().IDs()}
	for _, k := range errdex.ConflictKinds() {
		g := kindGroup{Kind: k}
		v.Counts[k] = map[errdex.Platform]int{}
		for _, pl := range b.cat.PlatformTable().IDs() {
			pc := platformCodes{Platform: pl}
			for _, c := range b.cat.Codes {
				if c.Platform == pl && hasKind(c, k) {
					pc.Codes = append(pc.Codes, c)
				}
			}
			v.Counts[k][pl] = len(pc.Codes)
			g.Count += len(pc.Codes)
			if len(pc.Codes) > 0 {
				g.Platforms = append(g.Platforms, pc)
			}
		}
		v.Kinds = append(v.Kinds, g)
	}
	for _, c := range b.cat.Codes {
		if len(c.Conflicts) > 0 {
			v.Flagged[c.Platform]++
			v.Total++
		}
	}
	p := &page{
		URL: "conflicts/", Title: "Conflicts: where the sources disagree",
		Description: fmt.Sprintf("%d error codes whose sources, scopes or rows disagree, by kind and platform.", v.Total),
		Type:        "website", Data: v, Crumbs: b.crumbs(mustText("layout.conflicts"), "conflicts/"),
	}
	if err := b.render("conflicts", p); err != nil {
		return err
	}

	groups := map[[2]string]*changeGroup{}
	var order [][2]string
	for _, ch := range b.cat.Changes {
		k := [2]string{ch.From.Source, ch.To.Source}
		g := groups[k]
		if g == nil {
			from, _ := b.cat.Source(k[0])
			to, _ := b.cat.Source(k[1])
			g = &changeGroup{From: from, To: to}
			for _, kind := range errdex.ChangeKinds() {
				g.Kinds = append(g.Kinds, changeKind{Kind: kind})
			}
			groups[k] = g
			order = append(order, k)
		}
		for i := range g.Kinds {
			if g.Kinds[i].Kind == ch.Kind {
				g.Kinds[i].Changes = append(g.Kinds[i].Changes, ch)
			}
		}
	}
	sort.Slice(order, func(i, j int) bool { return order[i][0]+order[i][1] < order[j][0]+order[j][1] })
	for _, k := range order {
		v.Changes = append(v.Changes, *groups[k])
	}
	p = &page{
		URL: "changes/", Title: "Changes between snapshots",
		Description: "Error codes added, removed, reworded or changed in meaning between snapshots of one page.",
		Type:        "website", Data: v, Crumbs: b.crumbs(mustText("layout.changes"), "changes/"),
	}
	return b.render("changes", p)
}

func hasKind(c *errdex.Code, k errdex.ConflictKind) bool {
	for _, x := range c.Conflicts {
		if x == k {
			return true
		}
	}
	return false
}

// docPage is a Markdown page from content/pages.
type docPage struct {
	Name, Title, Source string
}

// readDocs reads the Markdown pages once, sorted by name.
func (b *builder) readDocs() error {
	docs, err := b.docPages()
	b.docs = docs
	return err
}

func (b *builder) docPages() ([]docPage, error) {
	if b.opt.Pages == nil {
		return nil, nil
	}
	names, err := fs.Glob(b.opt.Pages, "*.md")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []docPage
	for _, n := range names {
		data, err := fs.ReadFile(b.opt.Pages, n)
		if err != nil {
			return nil, fmt.Errorf("render: pages: %w", err)
		}
		src := string(data)
		title := strings.TrimSuffix(n, ".md")
		for _, line := range strings.Split(src, "\n") {
			if strings.HasPrefix(line, "# ") {
				title = strings.TrimSpace(line[2:])
				break
			}
		}
		out = append(out, docPage{Name: strings.TrimSuffix(path.Base(n), ".md"), Title: title, Source: src})
	}
	return out, nil
}

func (b *builder) markdownPages() error {
	for _, d := range b.docs {
		p := &page{
			URL: d.Name + "/", Title: d.Title, Type: "article", Data: d,
			Description: firstParagraph(d.Source),
			Crumbs:      b.crumbs(d.Title, d.Name+"/"),
		}
		if err := b.render("doc", p); err != nil {
			return err
		}
	}
	return nil
}

func firstParagraph(src string) string {
	for _, para := range strings.Split(src, "\n\n") {
		para = strings.TrimSpace(para)
		if para != "" && !strings.HasPrefix(para, "#") {
			return strings.Join(strings.Fields(para), " ")
		}
	}
	return ""
}

// homeView is the data of the home page.
type homeView struct {
	Codes, Sources, Conflicts, Numbers, Shared int
	PerPlatform                                []platformCount
	SourceList                                 []errdex.SourceInfo
	Docs                                       []docPage
	Dates                                      []string
}

type platformCount struct {
	Platform         errdex.Platform
	Codes, Conflicts int
	Sources          int
	Newest           string
}

func (b *builder) homePage() error {
	v := homeView{Codes: len(b.cat.Codes), Sources: len(b.cat.Sources), SourceList: b.cat.Sources, Numbers: len(b.cat.Numbers())}
	for _, pl := range b.cat.PlatformTable().IDs() {
		pc := platformCount{Platform: pl}
		for _, c := range b.cat.Codes {
			if c.Platform == pl {
				pc.Codes++
				if len(c.Conflicts) > 0 {
					pc.Conflicts++
				}
			}
		}
		for _, s := range b.cat.Sources {
			if s.Platform == pl && !s.Observed {
				pc.Sources++
				if s.Retrieved > pc.Newest {
					pc.Newest = s.Retrieved
				}
			}
		}
		v.Conflicts += pc.Conflicts
		v.PerPlatform = append(v.PerPlatform, pc)
	}
	for _, n := range b.cat.Numbers() {
		if len(b.cat.ByNumber(n)) > 1 {
			v.Shared++
		}
	}
	dates := map[string]bool{}
	for _, s := range b.cat.Sources {
		if s.Retrieved != "" && !s.Observed && !dates[s.Retrieved] {
			dates[s.Retrieved] = true
			v.Dates = append(v.Dates, s.Retrieved)
		}
	}
	sort.Strings(v.Dates)
	v.Docs = b.docs
	p := &page{
		URL: "", Title: "errdex · WeCom, DingTalk and WeChat API error codes",
		Description: fmt.Sprintf("%d error codes of WeCom (企业微信), DingTalk (钉钉) and WeChat (微信), merged from %d sources, with every conflict flagged.", v.Codes, v.Sources),
		Type:        "website", Data: v,
	}
	if err := b.render("home", p); err != nil {
		return err
	}
	sp := &page{
		URL: "sources/", Title: "Sources: the pages errdex is built from", Type: "website", Data: v,
		Description: fmt.Sprintf("The %d error-code pages errdex is built from, official or copied, and how every row was accounted for.", v.Sources),
		Crumbs:      b.crumbs(mustText("layout.sources"), "sources/"),
	}
	return b.render("sources", sp)
}

func (b *builder) searchPage() error {
	p := &page{
		URL: "search/", Title: "Search error codes", NoIndex: true, Type: "website",
		Description: "Search WeCom, DingTalk and WeChat error codes by number, words, or a pasted API response.",
		Crumbs:      b.crumbs(mustText("layout.search_button"), "search/"),
	}
	return b.render("search", p)
}

func (b *builder) notFoundPage() error {
	p := &page{URL: "404.html", Title: "Page not found", NoIndex: true, Type: "website", abs: true,
		Description: "This page does not exist. Search for the error code instead."}
	return b.render("404", p)
}

func (b *builder) data() error {
	return b.catalogJSONFile()
}

func (b *builder) meta() error {
	base := b.opt.BaseURL
	var sm strings.Builder
	sm.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	pages := append([]string(nil), b.pages...)
	sort.Strings(pages)
	for _, u := range pages {
		loc := base + u
		if base == "" {
			loc = "/" + u
		}
		fmt.Fprintf(&sm, "<url><loc>%s</loc></url>\n", xmlEscape(loc))
	}
	sm.WriteString("</urlset>\n")
	b.files["sitemap.xml"] = []byte(sm.String())

	robots := "User-agent: *\nAllow: /\n"
	if base != "" {
		robots += "Sitemap: " + base + "sitemap.xml\n"
	}
	b.files["robots.txt"] = []byte(robots)

	search := base + "search/?q={searchTerms}"
	if base == "" {
		search = "/search/?q={searchTerms}"
	}
	b.files["opensearch.xml"] = []byte(`<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
<ShortName>errdex</ShortName>
<Description>WeCom, DingTalk and WeChat API error codes</Description>
<InputEncoding>UTF-8</InputEncoding>
<Url type="text/html" method="get" template="` + xmlEscape(search) + `"/>
</OpenSearchDescription>
`)
	return nil
}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func xmlEscape(s string) string { return xmlEscaper.Replace(s) }

// name is platform p's English name in the catalog's table.
func (b *builder) name(p errdex.Platform) string { return b.cat.PlatformTable().Info(p).Name }

// nameZH is platform p's Chinese name in the catalog's table.
func (b *builder) nameZH(p errdex.Platform) string { return b.cat.PlatformTable().Info(p).NameZH }
