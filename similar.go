package errdex

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Text is what the similarity measure compares: a meaning's Chinese and
// English message.
type Text struct {
	ZH, EN string
}

// TextOf returns the comparable text of an entry.
func TextOf(e Entry) Text { return Text{ZH: e.ZH, EN: e.EN} }

func textOfWording(w Wording) Text { return Text{ZH: w.ZH, EN: w.EN} }

// Verdict is what the similarity measure concludes about two texts.
type Verdict int8

// The verdicts of Compare.
const (
	// Unknown: the texts share no language, e.g. one is Chinese only and
	// the other English only, so nothing can be concluded.
	Unknown Verdict = iota
	// Different: the texts share a language and state different things.
	Different
	// Same: the texts state the same meaning.
	Same
)

// MarshalText writes the verdict as its name, so that JSON shows "same",
// "different" or "unknown".
func (v Verdict) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText reads a verdict written by MarshalText.
func (v *Verdict) UnmarshalText(b []byte) error {
	switch string(b) {
	case "same":
		*v = Same
	case "different":
		*v = Different
	case "unknown":
		*v = Unknown
	default:
		return fmt.Errorf("verdict %q: want same, different or unknown", b)
	}
	return nil
}

// String names the verdict: "same", "different" or "unknown".
func (v Verdict) String() string {
	switch v {
	case Same:
		return "same"
	case Different:
		return "different"
	}
	return "unknown"
}

// SameMeaning reports whether two texts state the same meaning: Compare
// says Same. See Compare for the measure.
func SameMeaning(a, b Text) bool { return Compare(a, b) == Same }

// Compare decides whether two texts state the same meaning. It compares the
// Chinese of both when both have Chinese and the English of both when both
// have English; the texts are the same when either language says so,
// different when a shared language says so, and Unknown when they share no
// language. Texts equal after Fold in both languages, blank ones included,
// are the same.
//
// Within one language two messages are the same when, after normalization
// (see Fold) and canonicalization (a small table of equivalent phrasings,
// e.g. 不合法/非法/无效, "lack of"/"missing", 不安全的访问IP/访问IP不在白名单),
//
//   - they are equal;
//   - one contains the other: for Chinese the shorter is a subsequence of
//     the longer's characters made of at most three runs (a truncation, or
//     an elaboration such as 不合法的参数 / 不合法的红包参数); for English
//     the shorter's content words are a subset of the longer's;
//   - or their headlines, the text up to the first comma, full stop or
//     parenthesis, are equal or one contains the other (the rest being an
//     explanation or advice).
//
// Anything else, in particular two texts that both have words the other
// lacks (不合法的按钮个数 / 不合法的按钮类型), is different: the measure is
// lexical and errs toward keeping meanings apart. docs/similarity.md
// explains the choice and reports its accuracy on a labeled set.
func Compare(a, b Text) Verdict { return (&comparer{}).compare(a, b) }

// comparer compares texts, remembering the prepared form of every text it
// has seen when its maps are not nil. Merge uses one, with the thesaurus and
// the lexicon mined from the harvests, to prepare each text once.
type comparer struct {
	zh  map[string]zhText
	en  map[string]enText
	th  *thesaurusIndex
	lex *lexicon
	// verdicts remembers compare's verdict on each ordered pair of texts
	// (a merge compares a pair again for conflicts and siblings); nil
	// remembers none.
	verdicts map[[2]Text]Verdict
	// prev is the comparer of the merge before (MergeCache), with the
	// same thesaurus: its prepared texts, and its verdicts while they
	// are not nil (the same lexicon), are taken instead of computed.
	prev *comparer
	hits int // texts and verdicts taken from prev
	// counts are the lexicon's counts (mineLexicon), for the next merge.
	counts *lexCounts
}

func newComparer(th *thesaurusIndex, lex *lexicon) *comparer {
	return &comparer{zh: map[string]zhText{}, en: map[string]enText{}, th: th, lex: lex}
}

// compare is Compare with the comparer's thesaurus and lexicon.
func (c *comparer) compare(a, b Text) Verdict {
	if c.verdicts == nil {
		return c.measure(a, b)
	}
	k := [2]Text{a, b}
	if v, ok := c.verdicts[k]; ok {
		return v
	}
	v, ok := Verdict(0), false
	if c.prev != nil && c.prev.verdicts != nil {
		if v, ok = c.prev.verdicts[k]; ok {
			c.hits++
		}
	}
	if !ok {
		v = c.measure(a, b)
	}
	c.verdicts[k] = v
	return v
}

// measure is compare without the memory of verdicts.
func (c *comparer) measure(a, b Text) Verdict {
	za, zb := c.prepareZH(a.ZH), c.prepareZH(b.ZH)
	ea, eb := c.prepareEN(a.EN), c.prepareEN(b.EN)
	if za.fold == zb.fold && ea.fold == eb.fold {
		return Same // equal but for formatting, or both blank
	}
	bothZH := len(za.whole) > 0 && len(zb.whole) > 0
	bothEN := len(ea.whole) > 0 && len(eb.whole) > 0
	if bothZH && sameZH(za, zb) {
		return Same
	}
	if bothEN && sameEN(ea, eb) {
		return Same
	}
	// Across languages: the English of one is found in the Chinese of the other.
	if c.covers(ea, zb) || c.covers(eb, za) {
		return Same
	}
	if bothZH && contrastZH(za, zb) {
		return Different
	}
	if bothEN && contrastEN(ea, eb) {
		return Different
	}
	if c.apart(ea, eb, za, zb) {
		return Different
	}
	return Unknown
}

// agreeAll reports whether a and b are the same in every language both
// have (and have one at least in common): stricter than compare, which
// needs one language only.
func (c *comparer) agreeAll(a, b Text) bool {
	za, zb := c.prepareZH(a.ZH), c.prepareZH(b.ZH)
	ea, eb := c.prepareEN(a.EN), c.prepareEN(b.EN)
	if za.fold == zb.fold && ea.fold == eb.fold {
		return true
	}
	bothZH := len(za.whole) > 0 && len(zb.whole) > 0
	bothEN := len(ea.whole) > 0 && len(eb.whole) > 0
	return (bothZH || bothEN) && (!bothZH || sameZH(za, zb)) && (!bothEN || sameEN(ea, eb))
}

func (c *comparer) prepareZH(s string) zhText {
	if c == nil {
		return prepareZH(s, nil)
	}
	if c.zh == nil {
		return prepareZH(s, c.th)
	}
	t, ok := c.zh[s]
	if !ok {
		if c.prev != nil {
			if t, ok = c.prev.zh[s]; ok {
				c.hits++
			}
		}
		if !ok {
			t = prepareZH(s, c.th)
		}
		c.zh[s] = t
	}
	return t
}

func (c *comparer) prepareEN(s string) enText {
	if c == nil {
		return prepareEN(s, nil)
	}
	if c.en == nil {
		return prepareEN(s, c.th)
	}
	t, ok := c.en[s]
	if !ok {
		if c.prev != nil {
			if t, ok = c.prev.en[s]; ok {
				c.hits++
			}
		}
		if !ok {
			t = prepareEN(s, c.th)
		}
		c.en[s] = t
	}
	return t
}

// variants folds characters the sources use interchangeably.
var variants = strings.NewReplacer("帐", "账", "錯", "错", "「", "", "」", "", "’", "'", "‘", "'", "`", "'")

// entities are the HTML entities the captures leave in text.
var entities = strings.NewReplacer("&#124;", "|", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&nbsp;", " ")

// mdEscape matches a Markdown backslash escape such as media\*id.
var mdEscape = regexp.MustCompile("\\\\([\\\\`*_{}\\[\\]()#+\\-.!|<>\"])")

// Unescape undoes what captures leave in text: the HTML entities
// (&#124;, &amp;, …) and Markdown backslash escapes (media\*id). Scraping
// and the measure both use it.
func Unescape(s string) string { return mdEscape.ReplaceAllString(entities.Replace(s), "$1") }

// SpaceRun matches a run of white space.
var SpaceRun = regexp.MustCompile(`\s+`)

// normalize applies what Fold applies except the removal of spaces and
// punctuation: Unicode width (NFKC), case, HTML entities, Markdown escapes
// and variant characters.
func normalize(s string) string {
	s = norm.NFKC.String(s)
	s = strings.ToLower(s)
	s = Unescape(s)
	return variants.Replace(s)
}

// Fold normalizes a text for comparison: Unicode width (NFKC), case, HTML
// entities, Markdown escapes, variant characters (帐/账), and all spaces,
// punctuation and symbols (underscores included) removed. Texts equal after
// Fold differ only in formatting.
func Fold(s string) string {
	return foldRunes(normalize(s))
}

func foldRunes(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// splitClauses cuts a normalized text at commas, full stops, semicolons,
// question and exclamation marks and opening parentheses. A full stop
// followed by a letter (mp.weixin.qq.com) does not cut.
func splitClauses(s string) []string {
	var out []string
	start := 0
	rs := []rune(s)
	cut := func(i int) {
		if i > start {
			out = append(out, string(rs[start:i]))
		}
		start = i + 1
	}
	for i, r := range rs {
		switch r {
		case '，', ',', '。', ';', '；', '!', '！', '?', '？', '(', '（', '\n':
			cut(i)
		case '.':
			if i+1 == len(rs) || unicode.IsSpace(rs[i+1]) {
				cut(i)
			}
		}
	}
	cut(len(rs))
	return out
}

// standaloneID matches "ID" written as a word of its own (部门 ID, 标签ID,
// media ID) but not inside an identifier (userid, media_id).
var standaloneID = regexp.MustCompile(`(^|[^a-z0-9_*])ids?([^a-z0-9_]|$)`)

// zhDrop are particles that carry no meaning for the comparison.
var zhDrop = strings.NewReplacer("的", "", "了", "")

// zhPhrases maps equivalent Chinese phrasings to one form, as pairs of
// phrase and form. zhCanon applies them to folded text (no spaces or
// punctuation, 的 and 了 removed); at each position the first matching
// phrase in this order wins, so a phrase comes before the phrases it starts
// with, and no form is changed again.
var zhPhrases = []string{
	// "查看帮助" points at the troubleshooting section; it is not message text.
	"查看帮助", "",
	// IP allow-list: "unsafe access IP" is how the newer page puts "IP not in allow-list".
	"不安全访问ip", "访问ip不在白名单",
	"不在白名单之中", "不在白名单", "不在白名单列表中", "不在白名单", "不在白名单中", "不在白名单",
	"不在白名单内", "不在白名单",
	// no permission
	"没有权限", "无权", "权限不足", "无权", "未授权", "无权", "无权限", "无权",
	// invalid, wrong, failed
	"不合法", "无效", "非法", "无效", "不正确", "无效", "有误", "无效", "错误", "无效",
	"失败", "无效", "不对", "无效",
	// does not exist / already exists
	"没有找到", "不存在", "找不到", "不存在", "未找到", "不存在",
	"已经存在", "已存在",
	// expired
	"已过期", "过期", "已失效", "过期", "失效", "过期", "超时", "过期",
	// over a limit
	"超过限制", "超限", "超出限制", "超限", "超过上限", "超限", "超出上限", "超限",
	"达到上限", "超限", "超过", "超限", "超出", "超限", "过长", "超限", "过大", "超限",
	"过多", "超限", "太大", "超限", "太长", "超限", "太多", "超限", "太频繁", "超限",
	// disabled, banned
	"已禁用", "禁用", "被禁用", "禁用", "已停用", "禁用", "停用", "禁用", "被封禁", "禁用", "封禁", "禁用",
	// missing
	"缺失", "缺少", "需要", "缺少",
	// already there
	"已添加过", "已存在", "已经添加", "已存在", "已添加", "已存在",
	// not allowed
	"不允许", "禁止", "不能", "禁止", "不可", "禁止",
	// account
	"账户", "账号",
}

// zhCanon rewrites folded Chinese with zhPhrases.
var zhCanon = strings.NewReplacer(zhPhrases...)

// zhText is a Chinese message prepared for comparison.
type zhText struct {
	fold  string // Fold of the text
	whole []rune // folded, canonical text
	head  []rune // the first clause, canonical
	multi bool   // whether the text has more than one clause
	// topic is the canonical text before a colon (云资源文件存储错误：…), the
	// category the rest of the message details; nil when there is none.
	topic, detail []rune
}

func prepareZH(s string, th *thesaurusIndex) zhText {
	s = normalize(s)
	t := zhText{fold: foldRunes(s)}
	s = standaloneID.ReplaceAllString(s, "$1 $2")
	for _, c := range splitClauses(s) {
		topic := ""
		if i := strings.IndexAny(c, ":："); i > 0 && len(t.whole) == 0 {
			topic = zhCanon.Replace(th.applyZH(zhDrop.Replace(foldRunes(c[:i]))))
		}
		c = zhCanon.Replace(th.applyZH(zhDrop.Replace(foldRunes(c))))
		if c == "" {
			continue
		}
		if topic != "" && strings.HasPrefix(c, topic) && len(c) > len(topic) {
			t.topic, t.detail = []rune(topic), []rune(c[len(topic):])
		}
		if len(t.whole) == 0 {
			t.head = []rune(c)
		} else {
			t.multi = true
		}
		t.whole = append(t.whole, []rune(c)...)
	}
	return t
}

// sameBag reports whether a and b hold the same units in another order
// (参数群主不合法 / 不合法的会话管理员, with the thesaurus).
func sameBag(a, b []string) bool {
	if len(a) != len(b) || len(a) < 2 {
		return false
	}
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// maxRuns is how many runs the shorter Chinese text may be cut into to be
// found in the longer one.
const maxRuns = 3

// maxCells bounds the table minRuns fills (messages are short; this only
// guards against pathological input).
const maxCells = 1 << 22

func sameZH(a, b zhText) bool {
	if containsZH(a.whole, b.whole) || sameBag(zhUnits(a.whole), zhUnits(b.whole)) {
		return true
	}
	return (a.multi || b.multi) && containsZH(a.head, b.head)
}

// containsZH reports whether a and b are equal or the shorter is found in
// the longer as a subsequence of at most maxRuns runs. A shorter text of a
// single character must be equal.
func containsZH(a, b []rune) bool {
	if slices.Equal(a, b) {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(a) < 2 {
		return false
	}
	if len(a)*len(b) > maxCells {
		// Too long for the table: only a contiguous containment counts.
		return strings.Contains(string(b), string(a))
	}
	n := minRuns(a, b)
	return n > 0 && n <= maxRuns
}

// minRuns returns the least number of contiguous runs of b that a can be
// cut into so that a is a subsequence of b, or -1 when it is not one.
func minRuns(a, b []rune) int {
	const inf = 1 << 30
	if len(a) == 0 {
		return 0
	}
	// prev[j]: least runs embedding a[:i] with a[i-1] matched at b[j-1].
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = inf
	}
	prev[0] = 0 // the empty prefix, matched "before" b[0]
	for i := 1; i <= len(a); i++ {
		// best[j'] = min over k <= j' of prev[k]; kept as a running minimum.
		best := inf
		if i == 1 {
			best = 0
		}
		cur[0] = inf
		for j := 1; j <= len(b); j++ {
			v := inf
			if a[i-1] == b[j-1] {
				// continue the run of a[i-2] at b[j-2]
				if i > 1 && j > 1 && prev[j-1] < inf {
					v = prev[j-1]
				}
				// or start a new run after any earlier match
				if best < inf && best+1 < v {
					v = best + 1
				}
			}
			cur[j] = v
			if i > 1 && prev[j] < best {
				best = prev[j]
			}
		}
		prev, cur = cur, prev
	}
	m := inf
	for j := 1; j <= len(b); j++ {
		if prev[j] < m {
			m = prev[j]
		}
	}
	if m == inf {
		return -1
	}
	return m
}

// enPhrases maps equivalent English phrasings to one word. The captures
// include a machine translation (DingTalk), so "illegal" and "the lack of"
// stand for "invalid" and "missing". Applied in order to normalized text.
//
// Each phrase lists words one of which every match contains, so that the
// expression runs only on texts that may match.
var enPhrases = []struct {
	re   *regexp.Regexp
	with string
	any  []string
}{
	{regexp.MustCompile(`\bcan't\b|\bcannot\b`), " can not ", []string{"can't", "cannot"}},
	{regexp.MustCompile(`\bwon't\b`), " will not ", []string{"won't"}},
	// Abbreviations of the terse errmsgs ("exceed max action num").
	{regexp.MustCompile(`\bmax\b`), " maximum ", []string{"max"}},
	{regexp.MustCompile(`\bnum\b`), " number ", []string{"num"}},
	{regexp.MustCompile(`n't\b`), " not ", []string{"n't"}},
	{regexp.MustCompile(`'s\b`), "", []string{"'s"}},
	{regexp.MustCompile(`\b(?:(?:does|do|did|is|are|was) not exists?|not exist(?:s|ed)?|no exists?|non-? ?existent|(?:could|can|does|do|is) not be found|can not find|not found|no such)\b`), " notexist ", []string{"exist", "found", "find", "such"}},
	{regexp.MustCompile(`\b(?:(?:has |have )?already (?:exists?|existed|in use|been used|used|been added|added)|exsited|exists? already)\b`), " exist ", []string{"already", "exsited", "exist"}},
	{regexp.MustCompile(`\b(?:out of (?:the )?(?:upper |maximum )?limits?|exceed(?:s|ed|ing)?(?: the)?(?: upper| maximum)?(?: limits?| limitations?)?|(?:reach(?:es|ed)?|hit)(?: the)?(?: upper| maximum| max)? (?:limits?|quota)|limits? (?:has been |have been |is )?reached|too (?:many|long|large|big|much|frequent(?:ly)?))\b`), " exceed ", []string{"limit", "exceed", "quota", "too"}},
	{regexp.MustCompile(`\b(?:unauthori[sz]ed|not authori[sz]ed|no permiss?ions?|(?:does|do) not have (?:the )?permiss?ions?|permiss?ion denied|no privileges?)\b`), " noperm ", []string{"authori", "permis", "privilege"}},
	{regexp.MustCompile(`\b(?:(?:has been |have been |is |was )?(?:disabled|banned|forbidden))\b`), " disabled ", []string{"disabled", "banned", "forbidden"}},
	{regexp.MustCompile(`\b(?:(?:has |have )?(?:expired|expires?)|overtime|timed? ?out)\b`), " expired ", []string{"expire", "overtime", "time"}},
	{regexp.MustCompile(`\b(?:(?:the )?lacks?(?: of)?|(?:is )?missing)\b`), " missing ", []string{"lack", "missing"}},
	{regexp.MustCompile(`\b(?:not valid|no valid|illegal|invalid|incorrect|wrong|errors?|fail(?:s|ed|ure)?(?: to)?)\b`), " invalid ", []string{"valid", "illegal", "incorrect", "wrong", "error", "fail"}},
	{regexp.MustCompile(`\b(?:applications?|apps)\b`), " app ", []string{"app"}},
	{regexp.MustCompile(`\b(?:informations?|infos)\b`), " info ", []string{"info"}},
}

// enStop are English words that carry no meaning for the comparison.
var enStop = map[string]bool{
	"a": true, "an": true, "the": true, "is": true, "are": true, "was": true, "were": true,
	"be": true, "been": true, "being": true, "has": true, "have": true, "had": true,
	"of": true, "to": true, "for": true, "in": true, "on": true, "at": true, "by": true,
	"with": true, "this": true, "that": true, "these": true, "those": true, "it": true,
	"its": true, "your": true, "you": true, "please": true, "and": true, "or": true,
	"from": true, "can": true, "could": true, "may": true, "might": true, "will": true,
	"would": true, "should": true, "do": true, "does": true, "did": true, "there": true,
	"their": true, "which": true, "as": true, "so": true, "into": true, "than": true,
	"perhaps": true, "currently": true, "current": true, "id": true, "ids": true,
	"already": true, "some": true, "any": true, "all": true, "also": true, "yet": true,
}

// enText is an English message prepared for comparison: its content words.
type enText struct {
	fold  string   // Fold of the text
	whole []string // content words of the whole text
	head  []string // content words of the first clause
	multi bool
}

var enWord = regexp.MustCompile(`[\p{L}\p{N}]+`)

// enSeparators are written between the words of identifiers (base_info,
// pre-authorization); they separate words like spaces.
var enSeparators = strings.NewReplacer("_", " ", "-", " ", "/", " ")

// enCanonical rewrites a normalized text with enPhrases. The phrases are
// words and spaces only, so they never reach across a clause boundary.
func enCanonical(s string, th *thesaurusIndex) string {
	s = SpaceRun.ReplaceAllString(enSeparators.Replace(s), " ")
	s = th.applyEN(s)
	for _, p := range enPhrases {
		if containsAny(s, p.any) {
			s = SpaceRun.ReplaceAllString(p.re.ReplaceAllString(s, p.with), " ")
		}
	}
	return s
}

func containsAny(s string, subs []string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// enWords returns the words of a canonical clause, stemmed.
func enWords(s string) []string {
	var out []string
	for _, w := range enWord.FindAllString(s, -1) {
		out = append(out, stem(w))
	}
	return out
}

// enCanon are the words enPhrases writes; stem leaves them alone.
var enCanon = map[string]bool{
	"notexist": true, "exist": true, "exceed": true, "noperm": true, "disabled": true,
	"expired": true, "missing": true, "invalid": true, "app": true, "info": true,
}

// undouble drops the doubled consonant an -ed or -ing ending left
// (setting, sett: set; submitted, submitt: submit), but not ll, ss or zz.
func undouble(w string) string {
	n := len(w)
	if n >= 3 && w[n-1] == w[n-2] && !strings.ContainsRune("aeioulsz", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}

// stem removes a plural ending, then a past or progressive ending
// (recommended, recommending: recommend), then a final e (update, updated:
// updat). It is crude but applied to both texts alike.
func stem(w string) string {
	if enCanon[w] {
		return w
	}
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		w = w[:len(w)-3] + "y"
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		w = w[:len(w)-1]
	}
	switch {
	case len(w) > 5 && strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "eed"):
		w = undouble(w[:len(w)-2])
	case len(w) > 6 && strings.HasSuffix(w, "ing"):
		w = undouble(w[:len(w)-3])
	}
	if len(w) > 4 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	return w
}

func prepareEN(s string, th *thesaurusIndex) enText {
	s = normalize(s)
	t := enText{fold: foldRunes(s)}
	for _, c := range splitClauses(enCanonical(s, th)) {
		ws := enWords(c)
		if len(ws) == 0 {
			continue
		}
		if len(t.whole) == 0 {
			t.head = ws
		} else {
			t.multi = true
		}
		t.whole = append(t.whole, ws...)
	}
	return t
}

// joinCompounds merges two adjacent words of a when the other text writes
// them as one (white list / whitelist, access token / accesstoken).
func joinCompounds(a []string, other map[string]bool) []string {
	var out []string
	for i := 0; i < len(a); i++ {
		if i+1 < len(a) && other[a[i]+a[i+1]] {
			out = append(out, a[i]+a[i+1])
			i++
			continue
		}
		out = append(out, a[i])
	}
	return out
}

// contentSet returns the content words of ws, written as the other text
// writes compounds.
func contentSet(ws []string, other []string) map[string]bool {
	o := map[string]bool{}
	for _, w := range other {
		o[w] = true
	}
	set := map[string]bool{}
	for _, w := range joinCompounds(ws, o) {
		if !enStop[w] {
			set[w] = true
		}
	}
	return set
}

func sameEN(a, b enText) bool {
	if containsEN(a.whole, b.whole) {
		return true
	}
	return (a.multi || b.multi) && containsEN(a.head, b.head)
}

// containsEN reports whether the content words of one text are those of the
// other or a subset of them; a subset must have two words at least. Words
// of five letters or more match a word one edit away (permision,
// permission), as the captures carry typos.
func containsEN(a, b []string) bool {
	sa, sb := contentSet(a, b), contentSet(b, a)
	if len(sa) == 0 || len(sb) == 0 {
		return false
	}
	if len(sa) > len(sb) {
		sa, sb = sb, sa
	}
	for w := range sa {
		if !wordMatch(w, sb) {
			return false
		}
	}
	return len(sa) == len(sb) || len(sa) >= 2
}

// wordMatch reports whether w is in set, or a word of set of five letters
// or more is one edit away from it.
func wordMatch(w string, set map[string]bool) bool {
	if set[w] {
		return true
	}
	if len(w) < 5 || !isASCII(w) {
		return false
	}
	for x := range set {
		if len(x) >= 5 && isASCII(x) && withinOneEdit(w, x) {
			return true
		}
	}
	return false
}

// withinOneEdit reports whether a and b (ASCII) differ by at most one
// insertion, deletion or substitution.
func withinOneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return a[i+min(1, len(a)-i):] == b[i+min(1, len(b)-i):]
	}
	return a[i:] == b[i+1:]
}

// Contrast: two texts in one language that are not the same state different
// things only when the evidence says so. Paraphrase is common in the
// captures (a terse errmsg beside a sentence, an old vocabulary beside a
// new one), so a difference is concluded in two shapes only:
//
//   - a substitution: the texts share words and each has a few words the
//     other lacks (不合法的按钮个数 / 不合法的按钮类型, "invalid location
//     id" / "invalid coding method"), at most maxSubst on each side;
//   - nothing shared: texts of comparable length (the shorter at least half
//     the longer) that share no word at all.
//
// Anything else is Unknown: errdex does not claim a disagreement it cannot
// show. The words that differ are what the conflict banner marks.
const maxSubst = 2

// maxSubstZH is maxSubst for Chinese, in characters.
const maxSubstZH = 4

func contrastEN(a, b enText) bool {
	sa, sb := contentSet(a.whole, b.whole), contentSet(b.whole, a.whole)
	if len(sa) == 0 || len(sb) == 0 {
		return false
	}
	onlyA, onlyB := 0, 0
	for w := range sa {
		if !wordMatch(w, sb) {
			onlyA++
		}
	}
	for w := range sb {
		if !wordMatch(w, sa) {
			onlyB++
		}
	}
	shared := len(sa) - onlyA
	if shared > 0 && min(onlyA, onlyB) == 1 && max(onlyA, onlyB) <= maxSubst {
		return true // a substitution: one word replaced by one or two
	}
	// Objects apart: what the texts say is wrong (beside the predicate:
	// invalid, missing, …) has nothing in common.
	oa, ob := objectWords(sa), objectWords(sb)
	if len(oa) == 0 || len(ob) == 0 || !(similarSize(len(oa), len(ob)) || max(len(oa), len(ob)) <= 3) {
		return false
	}
	for w := range oa {
		if wordMatch(w, ob) {
			return false
		}
	}
	return true
}

// objectWords are the content words of a text that are not a predicate of
// the phrase tables (invalid, missing, notexist, …).
func objectWords(set map[string]bool) map[string]bool {
	out := map[string]bool{}
	for w := range set {
		if !enCanon[w] || w == "app" || w == "info" {
			out[w] = true
		}
	}
	return out
}

func contrastZH(a, b zhText) bool {
	// One topic, details apart: 云资源文件存储错误：文件不存在 / …：非法签名.
	if a.topic != nil && b.topic != nil && slices.Equal(a.topic, b.topic) {
		oa, ob := zhObject(zhUnits(a.detail)), zhObject(zhUnits(b.detail))
		if len(oa) > 0 && len(ob) > 0 && disjoint(oa, ob) {
			return true
		}
	}
	ua, ub := zhUnits(a.whole), zhUnits(b.whole)
	l := lcs(ua, ub)
	onlyA, onlyB := len(ua)-l, len(ub)-l
	// A substitution: a word (two characters or more) on each side.
	if l >= 2 && min(onlyA, onlyB) >= 2 && max(onlyA, onlyB) <= maxSubstZH {
		return true
	}
	return objectsApart(zhObject(ua), zhObject(ub))
}

// objectsApart reports whether two Chinese objects share no key, each
// having two keys at least or an identifier: evidence enough that the
// texts are about different things.
func objectsApart(oa, ob map[string]bool) bool {
	return enoughObject(oa) && enoughObject(ob) && disjoint(oa, ob)
}

func disjoint(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return false
		}
	}
	return true
}

func enoughObject(o map[string]bool) bool {
	if len(o) >= 2 {
		return true
	}
	for k := range o {
		if r := []rune(k); r[0] < 0x80 {
			return true
		}
	}
	return false
}

// zhPredicates are the canonical forms of the Chinese phrase table: what a
// message says is wrong, not what it is about.
var zhPredicates = [][]rune{
	[]rune("无效"), []rune("缺少"), []rune("不存在"), []rune("已存在"), []rune("过期"),
	[]rune("超限"), []rune("禁用"), []rune("无权"), []rune("禁止"),
}

// zhObject returns what a Chinese message is about, beside its
// predicates, as a set of keys: each identifier or concept unit, and each
// pair of adjacent Chinese characters not broken by a predicate.
func zhObject(units []string) map[string]bool {
	out := map[string]bool{}
	prev := "" // the previous single Chinese character, "" after a break
	for i := 0; i < len(units); {
		if n := predicateAt(units, i); n > 0 {
			i += n
			prev = ""
			continue
		}
		u := units[i]
		r := []rune(u)
		if len(r) > 1 || r[0] < 0x80 || isConcept(r[0]) {
			out[u] = true
			prev = ""
		} else {
			if prev != "" {
				out[prev+u] = true
			}
			prev = u
		}
		i++
	}
	return out
}

// predicateAt returns the length in units of the predicate that starts at
// units[i], 0 when none does.
func predicateAt(units []string, i int) int {
	for _, p := range zhPredicates {
		if i+len(p) > len(units) {
			continue
		}
		ok := true
		for k, r := range p {
			if units[i+k] != string(r) {
				ok = false
				break
			}
		}
		if ok {
			return len(p)
		}
	}
	return 0
}

// zhGeneric are words that add nothing to a Chinese message's meaning for
// the contrast: 参数 (parameter) names what every message is about.
var zhGeneric = strings.NewReplacer("参数", "", "指定", "")

// zhUnits cuts prepared Chinese into the units the contrast counts: a
// Chinese character, a concept, or a whole Latin identifier (jsapi and
// jsapi_ticket are two different units, not five letters in common).
func zhUnits(s []rune) []string {
	s = []rune(zhGeneric.Replace(string(s)))
	var out []string
	for i := 0; i < len(s); {
		j := i + 1
		if s[i] < 0x80 {
			for j < len(s) && s[j] < 0x80 {
				j++
			}
		}
		out = append(out, string(s[i:j]))
		i = j
	}
	return out
}

func similarSize(m, n int) bool { return 2*min(m, n) >= max(m, n) }

// lcs is the length of the longest common subsequence of a and b.
func lcs[T comparable](a, b []T) int {
	if len(a)*len(b) > maxCells {
		return 0
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			switch {
			case a[i-1] == b[j-1]:
				cur[j] = prev[j-1] + 1
			case prev[j] >= cur[j-1]:
				cur[j] = prev[j]
			default:
				cur[j] = cur[j-1]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Dice is the Sørensen–Dice coefficient of two multisets. The measure does
// not use it; the evaluation compares it with Compare (TestBaselines).
func Dice(a, b map[string]int) float64 {
	na, nb, both := 0, 0, 0
	for k, v := range a {
		na += v
		if w := b[k]; w > 0 {
			both += min(v, w)
		}
	}
	for _, v := range b {
		nb += v
	}
	if na+nb == 0 {
		return 1
	}
	return 2 * float64(both) / float64(na+nb)
}
