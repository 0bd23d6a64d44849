package scrape

import (
	"io"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"errdex"
)

// The dingtalk format is the 2022 blog copy of DingTalk's server API error
// codes, machine-translated into English. Each code is a block:
//
//	40014{
//	"errcode":40014,
//	"errmsg": " illegal access_token"
//	}
//	illegal access_token Check access_token Whether it is right .
//
//	Be careful
//	access_token This parameter should be carried in url hinder .
//
// The header line CODE{ starts a candidate row. The JSON-like lines carry
// the message (errmsg); their quoting is often broken (curly quotes,
// “ Error code ” for errcode, “errms”, missing commas). After the closing }
// one line repeats the message and goes on with the fix ("nothing ." when
// there is none); bullet, numbered and note lines after it belong to the
// fix. Lines before the first header and the Chinese copyright footer are
// not rows.
//
// The adapter does no glossary cleaning: EN and Fix keep the machine
// translation's wording. Glossary.CleanHarvest rewrites them afterwards.

var (
	// dtHeader is a candidate row: the code followed by {.
	dtHeader = regexp.MustCompile(`^(-?\d+)\{`)
	// dtMsgKey is the errmsg key however it is quoted or misspelt
	// ("errmsg", “errmsg”, “errms”).
	dtMsgKey = regexp.MustCompile(`(?i)["“”]\s*errm[a-z]*\s*["“”]\s*:`)
	// dtMsgCanonical is a well-formed errmsg key and value.
	dtMsgCanonical = regexp.MustCompile(`^"errmsg"\s*:\s*"[^"“”]*"\s*,?\s*\}?\s*$`)
	// dtNumbered is a numbered list line such as "1. Check ...".
	dtNumbered = regexp.MustCompile(`^(\d+)\.\s*(.*)$`)
)

// dtMaxWords bounds the errmsg words compared with a line.
const dtMaxWords = 200

// dtQuotes are the quote characters the capture uses, straight and curly.
const dtQuotes = "\"“”'‘’"

// dtRow is one parsed block: the entry (or skip) and how its message line
// was split, for tests and review.
type dtRow struct {
	Line    int
	Code    string
	ErrMsg  string // errmsg value, cleaned
	Suspect bool   // errmsg quoting was broken, so its wording is less trusted
	MsgLine string // the message/fix line, cleaned; "" when missing
	Rule    string // which split rule decided; see dtSplit
	Entry   *errdex.Entry
	Skip    *errdex.Skip
}

// parseDingTalk reads the dingtalk format; see the comment at the top of
// this file. Every CODE{ line ends as an entry or a skip.
func parseDingTalk(r io.Reader, src errdex.Source) (errdex.Harvest, error) {
	rows, err := dtParse(r, src)
	hv := newHarvester(src)
	if err != nil {
		return hv.harvest(), err
	}
	for _, row := range rows {
		switch {
		case row.Entry != nil:
			hv.add(*row.Entry)
		case row.Skip != nil:
			hv.skip(row.Skip.Line, "%s", row.Skip.Reason)
		}
	}
	return hv.harvest(), nil
}

// dtParse splits the snapshot into blocks and parses each one.
func dtParse(r io.Reader, src errdex.Source) ([]dtRow, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, srcErrorf(src, 0, "read: %w", err)
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSuffix(l, "\r")
	}
	if len(lines) > 0 {
		lines[0] = strings.TrimPrefix(lines[0], "\uFEFF")
	}
	var heads []int
	for i, l := range lines {
		if dtHeader.MatchString(l) {
			heads = append(heads, i)
		}
	}
	rows := make([]dtRow, 0, len(heads))
	for n, start := range heads {
		end := len(lines)
		if n+1 < len(heads) {
			end = heads[n+1]
		}
		rows = append(rows, dtBlock(src, lines, start, end))
	}
	return rows, nil
}

// dtBlock parses lines[start:end], a block starting with its CODE{ line.
func dtBlock(src errdex.Source, lines []string, start, end int) dtRow {
	m := dtHeader.FindStringSubmatch(lines[start])
	row := dtRow{Line: start + 1, Code: m[1]}
	skip := func(reason string) dtRow {
		row.Skip = &errdex.Skip{Line: row.Line, Reason: reason}
		return row
	}

	// The JSON-like part runs up to the line that closes it with }.
	closing := -1
	var msgKeyLine string
	var msgKeys int
	for i := start; i < end; i++ {
		text := lines[i]
		if i == start {
			text = strings.TrimPrefix(text, m[0])
		}
		if locs := dtMsgKey.FindAllStringIndex(text, -1); locs != nil {
			last := locs[len(locs)-1]
			msgKeys += len(locs)
			msgKeyLine = text[last[0]:]
			row.ErrMsg = dtValue(text[last[1]:])
		}
		if strings.HasSuffix(strings.TrimSpace(text), "}") {
			closing = i
			break
		}
	}
	if closing < 0 {
		return skip("block has no closing } before the next code or the end of the file: the errcode/errmsg lines are cut off")
	}
	row.Suspect = msgKeys > 1 || (msgKeys == 1 && !dtMsgCanonical.MatchString(strings.TrimSpace(msgKeyLine)))

	// After }: the message/fix line, then fix continuation lines, up to the
	// next code or the Chinese footer. The continuation keeps the source's
	// line structure: a blank line there is a blank line here.
	last := closing
	var cont []string
	contBlank := false // a blank line separates the message line from cont
	blank := false
	for i := closing + 1; i < end; i++ {
		raw := lines[i]
		if errdex.HasHan(raw) {
			break // the copyright footer, not part of any row
		}
		t := clean(raw)
		if t == "" {
			blank = row.MsgLine != "" || len(cont) > 0
			continue
		}
		last = i
		switch {
		case row.MsgLine == "" && len(cont) == 0:
			row.MsgLine = t
		case len(cont) == 0:
			contBlank = blank
			cont = append(cont, dtListLine(t))
		default:
			if blank {
				cont = append(cont, "")
			}
			cont = append(cont, dtListLine(t))
		}
		blank = false
	}
	raw := strings.Join(lines[start:last+1], "\n")

	en, fix, rule := dtSplit(row.ErrMsg, row.MsgLine, row.Suspect)
	row.Rule = rule
	if clean(en) == "" {
		return skip("no message: the block has neither an errmsg value nor a message line")
	}
	e := newEntry(src, row.Line, row.Code, "", "", en, fix, raw)
	if len(cont) > 0 {
		// newEntry's clean would fold the lines into one: join them here.
		switch {
		case e.Fix != "" && contBlank:
			cont = append([]string{e.Fix, ""}, cont...)
		case e.Fix != "":
			cont = append([]string{e.Fix}, cont...)
		}
		e.Fix = strings.Join(cont, "\n")
	}
	row.Entry = &e
	return row
}

// dtValue extracts the errmsg value from what follows its key: the text
// without the quotes around it (either may be missing or curly), a trailing
// comma or closing brace.
func dtValue(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, "}")
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(s, ",")
	s = strings.Trim(s, " \t"+dtQuotes)
	return clean(s)
}

// dtListLine renders one fix continuation line: bullets as "- ", numbered
// lines as "N. ", anything else as it is.
func dtListLine(t string) string {
	for _, b := range []string{"•", "·", "●", "-", "*"} {
		if strings.HasPrefix(t, b) {
			return "- " + strings.TrimSpace(strings.TrimPrefix(t, b))
		}
	}
	if m := dtNumbered.FindStringSubmatch(t); m != nil {
		return m[1] + ". " + m[2]
	}
	return t
}

// dtSplit splits the message/fix line into the message (en) and the fix.
// errmsg is the JSON value, suspect whether its quoting was broken. The
// rules, in order (rule names in parentheses):
//
//  1. (prefix) The line starts with errmsg, compared without case, spaces and
//     quotes: en is that prefix of the line, the rest is the fix. When
//     errmsg is suspect and a fix-starting word (Please, Check, ...) follows
//     within two words, the split moves before it (prefix+fixword): a broken
//     errmsg such as “oauth_ Code ” lost the word "Overtime".
//  2. (wordprefix) The line starts with every errmsg word, compared without
//     punctuation and with small spelling differences: split after them,
//     moved like rule 1 when errmsg is suspect (wordprefix+fixword).
//  3. (fixword) A split before a fix-starting word, choosing the one whose
//     preceding words best match errmsg word by word; those words must
//     share at least one word with errmsg.
//  4. (fixonly) The line starts with a fix-starting word: it holds no
//     message, en is errmsg and the fix is the line (a doubled fix is
//     halved).
//  5. (wordprefix) The line and errmsg share at least two leading words:
//     split after them.
//  6. (capital) A split before a capitalized word that starts a new clause
//     (the word before it is not punctuation), choosing the one whose
//     preceding words best match errmsg, then the one closest in length.
//  7. (whole) No split found: en is errmsg and the fix is the line.
//
// Without a message line en is errmsg (noline); without errmsg, the split
// is before the first fix-starting word, else the line is all message
// (noerrmsg). en is the line's wording wherever the line has one: it is the
// cleaner copy.
func dtSplit(errmsg, line string, suspect bool) (en, fix, rule string) {
	if line == "" {
		return errmsg, "", "noline"
	}
	words := dtWords(line)
	last := -1
	for k, w := range words {
		if w.key != "" {
			last = k
		}
	}
	cut := func(k int) (string, string) {
		if k >= len(words) {
			return line, ""
		}
		return strings.TrimSpace(line[:words[k].start]), strings.TrimSpace(line[words[k].start:])
	}
	if errmsg == "" {
		for k := 1; k < len(words); k++ {
			if dtFixStart(words, k, last) {
				en, fix = cut(k)
				return en, fix, "noerrmsg"
			}
		}
		return line, "", "noerrmsg"
	}
	ekeys := dtKeys(dtWords(errmsg))

	// extend moves a split before word k past up to two more words when
	// errmsg is suspect and a fix-starting word follows: the broken errmsg
	// lost words the line still has.
	extend := func(k int) (int, bool) {
		if !suspect {
			return k, false
		}
		for j := k; j < len(words) && j <= k+2; j++ {
			if words[j].key == "" {
				break
			}
			if dtFixStart(words, j, last) {
				return j, j > k
			}
		}
		return k, false
	}

	// 1. prefix
	if p, ok := dtPrefixEnd(line, errmsg); ok {
		k := 0 // the first whole word at or after p
		for k < len(words) && words[k].start < p {
			k++
		}
		if j, moved := extend(k); moved {
			en, fix = cut(j)
			return en, fix, "prefix+fixword"
		}
		return strings.TrimSpace(line[:p]), strings.TrimSpace(line[p:]), "prefix"
	}

	// Word-level distance from errmsg to every prefix of the line:
	// dist[nkeys[k]] compares errmsg with words[:k].
	nkeys := make([]int, len(words)+1)
	for k, w := range words {
		nkeys[k+1] = nkeys[k]
		if w.key != "" {
			nkeys[k+1]++
		}
	}
	// Matching far past errmsg's length cannot improve a split: bound the
	// work on long lines.
	ecmp := ekeys[:min(len(ekeys), dtMaxWords)]
	lkeys := dtKeys(words)
	lkeys = lkeys[:min(len(lkeys), 3*len(ecmp)+20)]
	dist := dtDistanceRow(ecmp, lkeys)
	distAt := func(k int) int {
		if nkeys[k] < len(dist) {
			return dist[nkeys[k]]
		}
		return nkeys[k] + len(ekeys) // too far to match
	}

	// Leading words shared with errmsg.
	n, shared := 0, 0
	for ; shared < len(words) && n < len(ekeys); shared++ {
		if words[shared].key == "" {
			continue
		}
		if !dtSameWord(words[shared].key, ekeys[n]) {
			break
		}
		n++
	}
	if n == len(ekeys) && n > 0 {
		// Every errmsg word, only punctuation differs; punctuation right
		// after them stays with the message.
		for shared < len(words) && words[shared].key == "" {
			shared++
		}
		if j, moved := extend(shared); moved {
			en, fix = cut(j)
			return en, fix, "wordprefix+fixword"
		}
		en, fix = cut(shared)
		return en, fix, "wordprefix"
	}

	// 3. fixword, 4. fixonly
	best, bestDist := -1, 0
	for k := 0; k < len(words); k++ {
		if !dtFixStart(words, k, last) {
			continue
		}
		if k == 0 {
			return errmsg, dtHalve(line), "fixonly"
		}
		d := distAt(k)
		if d >= max(len(ekeys), nkeys[k]) {
			continue // nothing in common with errmsg
		}
		if best < 0 || d < bestDist {
			best, bestDist = k, d
		}
	}
	if best > 0 {
		en, fix = cut(best)
		return en, fix, "fixword"
	}

	// 5. wordprefix
	if n >= 2 {
		en, fix = cut(shared)
		return en, fix, "wordprefix"
	}

	// 6. capital
	best, bestDist, bestGap := -1, 0, 0
	for k := 1; k < len(words); k++ {
		prev := words[k-1]
		first, _ := utf8.DecodeRuneInString(words[k].text)
		if !unicode.IsUpper(first) || prev.key == "" || strings.ContainsAny(prev.text[len(prev.text)-1:], ".,:;") {
			continue
		}
		d := distAt(k)
		gap := nkeys[k] - len(ekeys)
		if gap < 0 {
			gap = -gap
		}
		if best < 0 || d < bestDist || (d == bestDist && gap < bestGap) {
			best, bestDist, bestGap = k, d, gap
		}
	}
	if best > 0 {
		en, fix = cut(best)
		return en, fix, "capital"
	}

	// 7. whole
	return errmsg, line, "whole"
}

// dtWord is one space-separated word of a line, with its offset and its
// comparison key (lower case letters, digits and _; "" for punctuation).
type dtWord struct {
	text  string
	start int
	key   string
}

func dtWords(s string) []dtWord {
	var out []dtWord
	start := -1
	for i, r := range s + " " {
		if unicode.IsSpace(r) {
			if start >= 0 {
				w := s[start:i]
				out = append(out, dtWord{text: w, start: start, key: dtKey(w)})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	return out
}

func dtKey(w string) string {
	var b strings.Builder
	for _, r := range w {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// dtKeys returns the keys of the words that are not punctuation.
func dtKeys(ws []dtWord) []string {
	var out []string
	for _, w := range ws {
		if w.key != "" {
			out = append(out, w.key)
		}
	}
	return out
}

// dtFixPhrases are the words a fix starts with, as keys; each must be
// capitalized in the line, except "nothing", which must end it.
var dtFixPhrases = [][]string{
	{"please"}, {"check"}, {"verify"}, {"confirm"}, {"ensure"}, {"contact"},
	{"try"}, {"retry"}, {"refer"}, {"inspection"}, {"make", "sure"},
	{"it", "is", "suggested"},
}

// dtFixStart reports whether a fix starts at words[k]; last is the index
// of the last word that is not punctuation.
func dtFixStart(words []dtWord, k, last int) bool {
	if words[k].key == "nothing" {
		return k == last
	}
	first, _ := utf8.DecodeRuneInString(words[k].text)
	if !unicode.IsUpper(first) {
		return false
	}
next:
	for _, p := range dtFixPhrases {
		if k+len(p) > len(words) {
			continue
		}
		for i, key := range p {
			if words[k+i].key != key {
				continue next
			}
		}
		return true
	}
	return false
}

// dtFold maps a rune for prefix comparison: spaces and quotes drop out,
// letters compare without case.
func dtFold(r rune) (rune, bool) {
	if unicode.IsSpace(r) || strings.ContainsRune(dtQuotes, r) {
		return 0, false
	}
	return unicode.ToLower(r), true
}

// dtPrefixEnd reports whether line starts with msg, compared through
// dtFold, and the byte offset in line where the match ends (closing quotes
// included).
func dtPrefixEnd(line, msg string) (int, bool) {
	var want []rune
	for _, r := range msg {
		if f, ok := dtFold(r); ok {
			want = append(want, f)
		}
	}
	if len(want) == 0 {
		return 0, false
	}
	i := 0
	for pos := 0; pos < len(line); {
		r, size := utf8.DecodeRuneInString(line[pos:])
		pos += size
		f, ok := dtFold(r)
		if !ok {
			continue
		}
		if f != want[i] {
			return 0, false
		}
		i++
		if i == len(want) {
			end := pos
			for end < len(line) {
				q, size := utf8.DecodeRuneInString(line[end:])
				if !strings.ContainsRune(dtQuotes, q) {
					break
				}
				end += size
			}
			return end, true
		}
	}
	return 0, false
}

// dtHalve returns the second copy of a line that says the same thing twice
// ("Check X Check X ."), else the line.
func dtHalve(line string) string {
	words := dtWords(line)
	keys := dtKeys(words)
	if len(keys) < 2 || len(keys)%2 != 0 {
		return line
	}
	half := strings.Join(keys[:len(keys)/2], " ")
	if half != strings.Join(keys[len(keys)/2:], " ") {
		return line
	}
	// The second copy starts at the first word after the first half.
	n := 0
	for _, w := range words {
		if w.key == "" {
			continue
		}
		if n == len(keys)/2 {
			return strings.TrimSpace(line[w.start:])
		}
		n++
	}
	return line
}

// dtSameWord reports whether two word keys are the same word, allowing a
// small spelling difference in longer words (access_tokeng, messages).
func dtSameWord(a, b string) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	n := max(len(ra), len(rb))
	allowed := max(1, n/5)
	if min(len(ra), len(rb)) < 4 || n > 64 || n-min(len(ra), len(rb)) > allowed {
		return false
	}
	return dtLevenshtein(ra, rb) <= allowed
}

func dtLevenshtein(a, b []rune) int {
	return dtEditRow(a, b, func(x, y rune) bool { return x == y })[len(b)]
}

// dtDistanceRow returns, for every j, the edit distance between the word
// sequences a and b[:j], words compared with dtSameWord.
func dtDistanceRow(a, b []string) []int { return dtEditRow(a, b, dtSameWord) }

// dtEditRow returns, for every j, the edit distance between a and b[:j],
// elements compared with same.
func dtEditRow[T any](a, b []T, same func(x, y T) bool) []int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if same(a[i-1], b[j-1]) {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev
}
