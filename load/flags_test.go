package load_test

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"errdex"
	"errdex/load"
)

// label is one code of testdata/flags.tsv: whether a reader, having read
// every wording, finds a real disagreement.
type label struct {
	key   errdex.Key
	real  bool
	kinds string
	split string // tune or holdout
	why   string
}

func readLabels(t *testing.T, path string) []label {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []label
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		if line == 1 || strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		require.Len(t, c, 7, "%s:%d: platform, code, flagged, label, kinds, split, why", path, line)
		require.Contains(t, []string{"real", "false"}, c[3], "%s:%d", path, line)
		require.Contains(t, []string{"tune", "holdout"}, c[5], "%s:%d", path, line)
		out = append(out, label{
			key:  errdex.Key{Platform: errdex.Platform(c[0]), Code: c[1]},
			real: c[3] == "real", kinds: c[4], split: c[5], why: c[6],
		})
	}
	require.NoError(t, sc.Err())
	return out
}

// score is precision and recall of flags over labeled codes.
type score struct {
	flagged, real, hit int
	falseFlags, missed []string
}

func (s score) precision() float64 {
	if s.flagged == 0 {
		return 1
	}
	return float64(s.hit) / float64(s.flagged)
}

func (s score) recall() float64 {
	if s.real == 0 {
		return 1
	}
	return float64(s.hit) / float64(s.real)
}

func (s score) String() string {
	return fmt.Sprintf("flagged %d, real %d, real and flagged %d: precision %.3f, recall %.3f",
		s.flagged, s.real, s.hit, s.precision(), s.recall())
}

func scoreFlags(cat *errdex.Catalog, labels []label, flags func(*errdex.Code) []errdex.ConflictKind, keep func(label) bool) score {
	var s score
	for _, l := range labels {
		if !keep(l) {
			continue
		}
		c := cat.Lookup(l.key.Platform, l.key.Code)
		flagged := c != nil && len(flags(c)) > 0
		name := fmt.Sprintf("%s %s (%s)", l.key.Platform, l.key.Code, l.why)
		if c != nil && os.Getenv("ERRDEX_FLAGS_DETAIL") != "" {
			for _, m := range c.Meanings {
				for _, w := range m.Wordings {
					name += fmt.Sprintf("\n        %s [%s] %q %q", m.ID, w.Scope, w.ZH, w.EN)
				}
			}
		}
		if flagged {
			s.flagged++
		}
		if l.real {
			s.real++
		}
		switch {
		case flagged && l.real:
			s.hit++
		case flagged:
			s.falseFlags = append(s.falseFlags, name)
		case l.real:
			s.missed = append(s.missed, name)
		}
	}
	return s
}

// TestConflictFlags measures the flags as a reader sees them: of the codes
// the site flags, how many really disagree (precision), and of the codes
// that really disagree, how many the site flags (recall), over the codes
// labeled by reading in testdata/flags.tsv. It fails below 90% precision
// or when a labeled real disagreement is not flagged. The measure alone
// (before maintainers' reviews) and the held-out third are reported apart.
func TestConflictFlags(t *testing.T) {
	c, err := load.Read(os.DirFS("../content"))
	require.NoError(t, err)
	labels := readLabels(t, "../testdata/flags.tsv")
	all := func(label) bool { return true }
	split := func(s string) func(label) bool { return func(l label) bool { return l.split == s } }
	site := func(c *errdex.Code) []errdex.ConflictKind { return c.Conflicts }
	measure := func(c *errdex.Code) []errdex.ConflictKind { return c.Detected }

	for _, r := range []struct {
		name  string
		flags func(*errdex.Code) []errdex.ConflictKind
		keep  func(label) bool
	}{
		{"site, all labeled", site, all},
		{"site, tune", site, split("tune")},
		{"site, held out", site, split("holdout")},
		{"measure alone, all labeled", measure, all},
		{"measure alone, tune", measure, split("tune")},
		{"measure alone, held out", measure, split("holdout")},
	} {
		s := scoreFlags(c.Catalog, labels, r.flags, r.keep)
		t.Logf("%-28s %s", r.name+":", s)
		if testing.Verbose() {
			for _, f := range s.falseFlags {
				t.Logf("    false flag: %s", f)
			}
			for _, m := range s.missed {
				t.Logf("    missed:     %s", m)
			}
		}
	}
	perKind := map[string]int{}
	for _, code := range c.Catalog.Codes {
		for _, k := range code.Conflicts {
			perKind[string(k)+" "+string(code.Platform)]++
		}
	}
	var keys []string
	for k := range perKind {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("flags by kind and platform: %-20s %d", k, perKind[k])
	}

	s := scoreFlags(c.Catalog, labels, site, all)
	require.GreaterOrEqual(t, s.precision(), 0.90, "precision of the site's flags: %s\nfalse flags: %s", s, strings.Join(s.falseFlags, "\n"))
	require.Empty(t, s.missed, "real disagreements the site does not flag")
}
