package scrape

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"errdex"
)

// GlossaryFile is the glossary's name inside the content directory.
const GlossaryFile = "glossary.toml"

// Glossary is a list of cleanups for the known artifacts of a machine
// translation (the DingTalk page's: "Nail" for 钉钉, "God" for 天, ...),
// read from a file such as content/glossary.toml that a [[source]] of the
// manifest names (glossary = "glossary.toml").
//
// The adapters keep the translation's wording as it is; the caller cleans
// the harvest of each source that names a glossary afterwards with
// CleanHarvest, which rewrites the EN message and the fix of its entries
// and leaves Raw untouched, so the text as captured stays on record:
//
//	g, err := scrape.LoadGlossary(content, scrape.GlossaryFile)
//	...
//	h = g.CleanHarvest(h)
//
// Identifiers are never rewritten: a match that touches a word with an
// underscore, a slash, an inner dot, camelCase, ALL-CAPS or letters mixed
// with digits (access_token, corpId, suite_access_token, appKey, ISV, H5)
// is left alone, and a term whose from is such a word is refused.
type Glossary struct {
	terms []glossTerm
	// spacing closes up the spaces a translation leaves around
	// punctuation ("point .", "access_token ,", "( x )").
	spacing bool
}

// glossTerm is one compiled [[term]].
type glossTerm struct {
	from, to   string
	ignoreCase bool
	wholeLine  bool
	re         *regexp.Regexp // nil for whole_line terms
}

type glossFile struct {
	Spacing bool         `toml:"spacing"`
	Term    []glossEntry `toml:"term"`
}

type glossEntry struct {
	From       string `toml:"from"`
	To         string `toml:"to"`
	WholeWord  bool   `toml:"whole_word"`
	IgnoreCase bool   `toml:"ignore_case"`
	WholeLine  bool   `toml:"whole_line"`
	Note       string `toml:"note"`
}

var glossTermHeader = regexp.MustCompile(`^\s*\[\[\s*term\s*\]\]`)

// LoadGlossary reads and validates the glossary at name in fsys. Errors
// name the file and line and say what to change.
//
// Each [[term]] has:
//
//	from         the text to replace (required; words separated by single spaces)
//	to           the replacement ("" deletes)
//	whole_word   match whole words only (from must start and end with a letter or digit)
//	ignore_case  match in any case; the replacement takes the case of the
//	             match's first letter, unless to is a name with inner
//	             capitals (DingTalk), which is kept as written
//	whole_line   replace a line of the text that is exactly from
//	note         why the term is there (not used)
//
// Terms apply in file order, each to the result of the ones before. A
// top-level spacing = true then closes up the spaces a machine translation
// leaves before , . ; : ! ? and ) and after ( ("point ." → "point.",
// "access_token ," → "access_token,", "( x )" → "(x)"); see Spacing.
func LoadGlossary(fsys fs.FS, name string) (*Glossary, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, errdex.ErrorAt(name, 0, pathErr(err))
	}
	var gf glossFile
	md, err := decodeTOML(name, data, &gf, "each entry is a [[term]] table with from and to")
	if err != nil {
		return nil, err
	}
	text := strings.Split(string(data), "\n")
	if un := md.Undecoded(); len(un) > 0 {
		key := un[0]
		return nil, errdex.Errorf(name, glossKeyLine(text, key[len(key)-1]), "unknown key %q: a [[term]] takes from, to, whole_word, ignore_case, whole_line and note; the file, spacing", key.String())
	}
	var heads []int
	for i, l := range text {
		if glossTermHeader.MatchString(l) {
			heads = append(heads, i+1)
		}
	}
	g := &Glossary{spacing: gf.Spacing}
	for i, e := range gf.Term {
		line := 0
		if i < len(heads) {
			line = heads[i]
		}
		t, err := e.compile()
		if err != nil {
			return nil, errdex.Errorf(name, line, "[[term]] #%d (from %q): %w", i+1, e.From, err)
		}
		g.terms = append(g.terms, t)
	}
	if len(g.terms) == 0 {
		return nil, errdex.Errorf(name, 0, "no [[term]] entries: add one per artifact, or remove the file")
	}
	return g, nil
}

// glossKeyLine finds the first line that sets key, 0 when none.
func glossKeyLine(text []string, key string) int {
	re := regexp.MustCompile(`^\s*"?` + regexp.QuoteMeta(key) + `"?\s*=`)
	for i, l := range text {
		if re.MatchString(l) {
			return i + 1
		}
	}
	return 0
}

func (e glossEntry) compile() (glossTerm, error) {
	t := glossTerm{from: e.From, to: e.To, ignoreCase: e.IgnoreCase, wholeLine: e.WholeLine}
	switch {
	case strings.TrimSpace(e.From) == "":
		return t, errors.New("from is empty: give the text to replace")
	case e.From != strings.TrimSpace(e.From):
		return t, errors.New("from starts or ends with white space: trim it")
	case strings.Contains(e.From, "\n"):
		return t, errors.New("from spans lines: a term matches within one line")
	case e.From == e.To:
		return t, errors.New("from and to are the same: remove the term")
	}
	for _, w := range strings.Fields(e.From) {
		if glossProtected(w) {
			return t, fmt.Errorf("%q is an identifier (underscore, camelCase, ALL-CAPS, ...): the glossary never rewrites identifiers", w)
		}
	}
	if e.WholeLine {
		return t, nil
	}
	var parts []string
	for _, w := range strings.Fields(e.From) {
		parts = append(parts, regexp.QuoteMeta(w))
	}
	pattern := strings.Join(parts, `[ \t]+`)
	if e.WholeWord {
		first, _ := utf8.DecodeRuneInString(e.From)
		last, _ := utf8.DecodeLastRuneInString(e.From)
		if !glossWordRune(first) || !glossWordRune(last) {
			return t, errors.New("whole_word needs from to start and end with a letter or digit: drop whole_word or the punctuation")
		}
		pattern = `\b` + pattern + `\b`
	}
	if e.IgnoreCase {
		pattern = `(?i)` + pattern
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return t, fmt.Errorf("from does not compile: %w", err)
	}
	t.re = re
	return t, nil
}

func glossWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Apply rewrites s with every term, line by line.
func (g *Glossary) Apply(s string) string {
	if g == nil || s == "" {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		for _, t := range g.terms {
			l = t.apply(l)
		}
		if g.spacing {
			l = Spacing(l)
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n")
}

// closers are the punctuation marks a space before which Spacing removes.
const closers = ",.;:!?)"

// Spacing closes up the spaces a machine translation leaves around
// punctuation in line: before , . ; : ! ? and ) when the mark ends a word
// (white space, another mark or the end of the line follows it), and
// after (. "Check url , Must be ( x ) ." becomes "Check url, Must be (x)."
// A mark that starts a word (".msgtype", ".json") keeps its space, and
// leading indentation and list markers are kept.
func Spacing(line string) string {
	body := strings.TrimLeft(line, " \t")
	indent := line[:len(line)-len(body)]
	var b strings.Builder
	b.WriteString(indent)
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == ' ' || c == '\t' {
			j := i
			for j < len(body) && (body[j] == ' ' || body[j] == '\t') {
				j++
			}
			if j < len(body) && strings.IndexByte(closers, body[j]) >= 0 && endsWord(body, j) && b.Len() > len(indent) && !strings.HasSuffix(b.String(), "(") {
				i = j - 1 // drop the spaces before the mark
				continue
			}
			if strings.HasSuffix(b.String(), "(") && b.Len() > len(indent) {
				i = j - 1 // drop the spaces after "("
				continue
			}
			if j == len(body) {
				break // trailing white space
			}
			b.WriteString(body[i:j])
			i = j - 1
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// endsWord reports whether the mark at s[i] ends a word: white space,
// another closing mark or the end of s follows it.
func endsWord(s string, i int) bool {
	for i++; i < len(s); i++ {
		switch {
		case s[i] == ' ' || s[i] == '\t':
			return true
		case strings.IndexByte(closers, s[i]) >= 0:
			continue
		default:
			return false
		}
	}
	return true
}

// CleanHarvest returns h with the glossary applied to the EN message and
// the fix of every entry: the caller applies it to the harvests of the
// sources that name it (glossary = "…" in the manifest's [[source]]). Raw
// stays as captured; h itself is not modified. A nil glossary returns h
// as it is.
func (g *Glossary) CleanHarvest(h errdex.Harvest) errdex.Harvest {
	if g == nil || len(h.Entries) == 0 {
		return h
	}
	entries := make([]errdex.Entry, len(h.Entries))
	copy(entries, h.Entries)
	for i := range entries {
		entries[i].EN = g.Apply(entries[i].EN)
		entries[i].Fix = g.Apply(entries[i].Fix)
	}
	h.Entries = entries
	return h
}

func (t glossTerm) apply(line string) string {
	if t.wholeLine {
		got := strings.TrimSpace(line)
		if got == t.from || (t.ignoreCase && strings.EqualFold(got, t.from)) {
			return t.to
		}
		return line
	}
	matches := t.re.FindAllStringIndex(line, -1)
	if matches == nil {
		return line
	}
	var b strings.Builder
	at := 0
	for _, m := range matches {
		if glossTouchesIdentifier(line, m[0], m[1]) {
			continue
		}
		b.WriteString(line[at:m[0]])
		b.WriteString(t.replacement(line[m[0]:m[1]]))
		at = m[1]
	}
	b.WriteString(line[at:])
	return b.String()
}

// replacement is to, in the case of the matched text when the term
// ignores case and to is not a name with inner capitals.
func (t glossTerm) replacement(matched string) string {
	if !t.ignoreCase || t.to == "" {
		return t.to
	}
	first, size := utf8.DecodeRuneInString(t.to)
	for _, r := range t.to[size:] {
		if unicode.IsUpper(r) {
			return t.to // a name such as DingTalk
		}
	}
	m, _ := utf8.DecodeRuneInString(matched)
	switch {
	case unicode.IsUpper(m):
		first = unicode.ToUpper(first)
	case unicode.IsLower(m):
		first = unicode.ToLower(first)
	}
	return string(first) + t.to[size:]
}

// glossTouchesIdentifier reports whether line[start:end] overlaps a word
// that is an identifier.
func glossTouchesIdentifier(line string, start, end int) bool {
	// Widen to whole space-separated words.
	for start > 0 {
		r, size := utf8.DecodeLastRuneInString(line[:start])
		if unicode.IsSpace(r) {
			break
		}
		start -= size
	}
	for end < len(line) {
		r, size := utf8.DecodeRuneInString(line[end:])
		if unicode.IsSpace(r) {
			break
		}
		end += size
	}
	for _, w := range strings.Fields(line[start:end]) {
		if glossProtected(w) {
			return true
		}
	}
	return false
}

// glossProtected reports whether a word, without the punctuation around
// it, is an identifier: it has an underscore, slash, @, =, backslash or an
// inner dot, is camelCase (a lower-case letter followed by an upper-case
// one), ALL-CAPS (two letters or more), or mixes letters and digits.
func glossProtected(w string) bool {
	w = strings.TrimFunc(w, func(r rune) bool { return !glossWordRune(r) && r != '_' })
	if w == "" {
		return false
	}
	if strings.ContainsAny(w, "_/@=\\.") {
		return true
	}
	var letters, upper, digits int
	var prev rune
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			letters++
			upper++
			if unicode.IsLower(prev) {
				return true // camelCase
			}
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		}
		prev = r
	}
	return (letters >= 2 && upper == letters) || (letters > 0 && digits > 0)
}
