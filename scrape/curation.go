package scrape

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"errdex"
)

// The maintainers' curation files inside the content directory. Each is
// optional.
const (
	ThesaurusFile = "thesaurus.toml"
	ReviewsFile   = "reviews.toml"
	ErrataFile    = "errata.toml"
)

// TableLines returns the line of each [[table]] header of a TOML file, in
// order, so that the i-th decoded table can be named by file:line.
func TableLines(data []byte, table string) []int {
	re := regexp.MustCompile(`^\s*\[\[\s*` + regexp.QuoteMeta(table) + `\s*\]\]`)
	var out []int
	for i, l := range strings.Split(string(data), "\n") {
		if re.MatchString(l) {
			out = append(out, i+1)
		}
	}
	return out
}

// lineOf is the line of the i-th table, 0 when not known.
func lineOf(lines []int, i int) int {
	if i < len(lines) {
		return lines[i]
	}
	return 0
}

// at names file:line for the i-th table, or the file alone: the form
// errdex.Error prints.
func at(name string, lines []int, i int) string {
	if i < len(lines) {
		return fmt.Sprintf("%s:%d", name, lines[i])
	}
	return name
}

// decodeTables reads name from fsys and decodes it into v, refusing keys
// that v does not have. hint says what the file holds. Errors are
// *errdex.Error.
func decodeTables(fsys fs.FS, name string, v any, hint string) ([]byte, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, errdex.ErrorAt(name, 0, pathErr(err))
	}
	md, err := decodeTOML(name, data, v, hint)
	if err != nil {
		return nil, err
	}
	if un := md.Undecoded(); len(un) > 0 {
		return nil, errdex.Errorf(name, 0, "unknown key %q: %s", un[0].String(), hint)
	}
	return data, nil
}

// LoadThesaurus reads content/thesaurus.toml: groups of terms that mean the
// same thing in this domain.
//
//	[[group]]
//	terms = ["chatid", "会话ID", "会话id"]
//	note  = "the chat's id: 企业号 wrote chatid, WeCom writes 会话ID"
func LoadThesaurus(fsys fs.FS, name string) (*errdex.Thesaurus, error) {
	var f struct {
		Group []struct {
			Terms []string `toml:"terms"`
			Note  string   `toml:"note"`
		} `toml:"group"`
	}
	hint := "each entry is a [[group]] with terms (two or more) and note"
	data, err := decodeTables(fsys, name, &f, hint)
	if err != nil {
		return nil, err
	}
	lines := TableLines(data, "group")
	t := &errdex.Thesaurus{}
	seen := map[string]string{}
	for i, g := range f.Group {
		where, line := at(name, lines, i), lineOf(lines, i)
		if len(g.Terms) < 2 {
			return nil, errdex.Errorf(name, line, "a group needs two terms or more, it has %d", len(g.Terms))
		}
		for _, term := range g.Terms {
			k := strings.ToLower(strings.TrimSpace(term))
			if k == "" {
				return nil, errdex.Errorf(name, line, "an empty term: remove it")
			}
			if prev, ok := seen[k]; ok && prev != where {
				return nil, errdex.Errorf(name, line, "term %q is already in the group at %s: a term belongs to one group", term, prev)
			}
			seen[k] = where
		}
		t.Groups = append(t.Groups, errdex.TermGroup{Terms: g.Terms, Note: g.Note, Line: line})
	}
	return t, nil
}

// LoadReviews reads content/reviews.toml: maintainers' verdicts on codes.
//
//	[[review]]
//	platform = "wechat"
//	code     = "40017"
//	verdict  = "different"        # or "same"
//	note     = "number of buttons vs button type"
//	date     = "2026-12-01"
//	wordings = "3f2a9c01d4e5"     # the fingerprint errdex check prints
func LoadReviews(fsys fs.FS, name string) ([]errdex.Review, error) {
	var f struct {
		Review []struct {
			Platform string `toml:"platform"`
			Code     string `toml:"code"`
			Verdict  string `toml:"verdict"`
			Note     string `toml:"note"`
			Date     string `toml:"date"`
			Wordings string `toml:"wordings"`
		} `toml:"review"`
	}
	hint := "each entry is a [[review]] with platform, code, verdict, note, date and wordings"
	data, err := decodeTables(fsys, name, &f, hint)
	if err != nil {
		return nil, err
	}
	lines := TableLines(data, "review")
	var out []errdex.Review
	seen := map[errdex.Key]string{}
	for i, r := range f.Review {
		where, line := at(name, lines, i), lineOf(lines, i)
		p, err := errdex.ParsePlatform(r.Platform)
		if err != nil {
			return nil, errdex.ErrorAt(name, line, err)
		}
		var v errdex.Verdict
		switch r.Verdict {
		case "same":
			v = errdex.Same
		case "different":
			v = errdex.Different
		default:
			return nil, errdex.Errorf(name, line, "verdict %q: write same or different", r.Verdict)
		}
		if r.Code == "" || r.Wordings == "" || r.Note == "" {
			return nil, errdex.Errorf(name, line, "code, note and wordings are required (errdex check prints the wordings fingerprint of every flag)")
		}
		if r.Date != "" && !datePattern.MatchString(r.Date) {
			return nil, errdex.Errorf(name, line, "date %q: write YYYY-MM-DD", r.Date)
		}
		k := errdex.Key{Platform: p, Code: r.Code}
		if prev, ok := seen[k]; ok {
			return nil, errdex.Errorf(name, line, "%s %s is already reviewed at %s: keep one review per code", p, r.Code, prev)
		}
		seen[k] = where
		out = append(out, errdex.Review{
			Platform: p, Code: r.Code, Verdict: v, Note: r.Note, Date: r.Date,
			Wordings: r.Wordings, File: name, Line: line,
		})
	}
	return out, nil
}

// Erratum corrects one row of a snapshot that the capture damaged in a way
// no general rule recovers (a cell boundary moved by a few words).
type Erratum struct {
	Source string  // the source id
	Line   int     // the row's line in the snapshot
	Code   string  // the row's code, checked
	ZH     *string // the corrected cells; nil leaves a cell as scraped
	EN     *string
	Fix    *string
	Reason string // what the capture did, shown on the page
	Where  string // file:line of the erratum, as shown in repairs

	file string // the erratum's file and line, for errors
	at   int
}

// errorf returns an *errdex.Error at the erratum's file and line.
func (er Erratum) errorf(format string, args ...any) error {
	if er.file == "" {
		return fmt.Errorf("%s: "+format, append([]any{er.Where}, args...)...)
	}
	return errdex.Errorf(er.file, er.at, format, args...)
}

// LoadErrata reads content/errata.toml.
//
//	[[erratum]]
//	source = "wecom-global-2023"
//	line   = 73
//	code   = "40086"
//	zh     = "不合法的第三方应用 appid"
//	fix    = "至少有一个不存在应用 id"
//	reason = "the capture moved the cell boundary: appid ends the message"
func LoadErrata(fsys fs.FS, name string) ([]Erratum, error) {
	var f struct {
		Erratum []struct {
			Source string  `toml:"source"`
			Line   int     `toml:"line"`
			Code   string  `toml:"code"`
			ZH     *string `toml:"zh"`
			EN     *string `toml:"en"`
			Fix    *string `toml:"fix"`
			Reason string  `toml:"reason"`
		} `toml:"erratum"`
	}
	hint := "each entry is an [[erratum]] with source, line, code, reason and the corrected zh, en or fix"
	data, err := decodeTables(fsys, name, &f, hint)
	if err != nil {
		return nil, err
	}
	lines := TableLines(data, "erratum")
	var out []Erratum
	for i, e := range f.Erratum {
		where, line := at(name, lines, i), lineOf(lines, i)
		if e.Source == "" || e.Line <= 0 || e.Code == "" || e.Reason == "" {
			return nil, errdex.Errorf(name, line, "source, line, code and reason are required")
		}
		if e.ZH == nil && e.EN == nil && e.Fix == nil {
			return nil, errdex.Errorf(name, line, "give the corrected zh, en or fix")
		}
		out = append(out, Erratum{Source: e.Source, Line: e.Line, Code: e.Code, ZH: e.ZH, EN: e.EN, Fix: e.Fix, Reason: e.Reason, Where: where, file: name, at: line})
	}
	return out, nil
}

// ApplyErrata corrects the rows of the harvests that the errata name,
// keeping Raw as captured and recording each correction as a repair. An
// erratum that matches no row (the snapshot changed, or the line or code
// is wrong) is an error naming the erratum's file:line: a correction must
// never be applied to another row, nor silently dropped.
func ApplyErrata(hs []errdex.Harvest, errata []Erratum) error {
	for _, er := range errata {
		found := false
		for hi := range hs {
			h := &hs[hi]
			if h.Source.ID != er.Source {
				continue
			}
			for ei := range h.Entries {
				e := &h.Entries[ei]
				if e.Line != er.Line {
					continue
				}
				if e.Code != er.Code {
					return er.errorf("%s:%d is code %s, not %s: check the erratum's line", h.Source.Path, er.Line, e.Code, er.Code)
				}
				found = true
				if er.ZH != nil {
					e.ZH = *er.ZH
				}
				if er.EN != nil {
					e.EN = *er.EN
				}
				if er.Fix != nil {
					e.Fix = *er.Fix
				}
				e.Corrected = er.Reason
			}
			if found {
				h.Repairs = append(h.Repairs, errdex.Skip{Line: er.Line, Reason: "erratum (" + er.Where + "): " + er.Reason})
			}
		}
		if !found {
			return er.errorf("no row of %s at line %d: the snapshot changed, or the erratum's source or line is wrong", er.Source, er.Line)
		}
	}
	return nil
}
