package errdex

import (
	"bufio"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// labeledPair is one row of testdata/pairs*.tsv: two texts from the
// snapshots and whether a reader judged them to state the same meaning.
type labeledPair struct {
	line int
	same bool
	a, b Text
	note string
}

func readPairs(t *testing.T, path string) []labeledPair {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []labeledPair
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 {
			require.Equal(t, "label\tzh_a\ten_a\tzh_b\ten_b\tnote", line, "%s: header", path)
			continue
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		c := strings.Split(line, "\t")
		require.Len(t, c, 6, "%s:%d: want 6 tab-separated columns", path, n)
		require.Contains(t, []string{"same", "different"}, c[0], "%s:%d: label", path, n)
		out = append(out, labeledPair{
			line: n, same: c[0] == "same",
			a: Text{ZH: c[1], EN: c[2]}, b: Text{ZH: c[3], EN: c[4]}, note: c[5],
		})
	}
	require.NoError(t, sc.Err())
	return out
}

// scores are the confusion counts of a matcher on labeled pairs, "same"
// being the positive class.
type scores struct{ tp, fp, tn, fn int }

func (s scores) n() int             { return s.tp + s.fp + s.tn + s.fn }
func (s scores) accuracy() float64  { return ratio(s.tp+s.tn, s.n()) }
func (s scores) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s scores) recall() float64    { return ratio(s.tp, s.tp+s.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (s *scores) add(want, got bool) {
	switch {
	case want && got:
		s.tp++
	case want:
		s.fn++
	case got:
		s.fp++
	default:
		s.tn++
	}
}

// category names the pair of sources a labeled pair compares, from its note
// ("40007 wecom-global-older:12 vs wecom-global-2023:25; ...").
func category(note string) string {
	f := strings.Fields(strings.SplitN(note, ";", 2)[0])
	if len(f) < 4 {
		return "?"
	}
	src := func(s string) string { return strings.SplitN(s, ":", 2)[0] }
	return src(f[1]) + " vs " + src(f[3])
}

func evaluate(t *testing.T, pairs []labeledPair) scores {
	t.Helper()
	var all scores
	byCat := map[string]*scores{}
	for _, p := range pairs {
		got := SameMeaning(p.a, p.b)
		all.add(p.same, got)
		c := category(p.note)
		if byCat[c] == nil {
			byCat[c] = &scores{}
		}
		byCat[c].add(p.same, got)
		if got != p.same {
			t.Logf("miss (line %d, labeled same=%v): %q/%q vs %q/%q — %s",
				p.line, p.same, p.a.ZH, p.a.EN, p.b.ZH, p.b.EN, p.note)
		}
	}
	cats := make([]string, 0, len(byCat))
	for c := range byCat {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	for _, c := range cats {
		s := byCat[c]
		t.Logf("  %-52s %3d pairs (%3d same), accuracy %.3f", c, s.n(), s.tp+s.fn, s.accuracy())
	}
	return all
}

// TestSameMeaningLabeled measures SameMeaning on pairs taken from the
// snapshots and labeled by reading them (see docs/similarity.md).
func TestSameMeaningLabeled(t *testing.T) {
	pairs := readPairs(t, "testdata/pairs.tsv")
	s := evaluate(t, pairs)
	t.Logf("pairs.tsv: %d pairs (%d same, %d different): accuracy %.3f, precision %.3f, recall %.3f",
		s.n(), s.tp+s.fn, s.tn+s.fp, s.accuracy(), s.precision(), s.recall())
	require.GreaterOrEqual(t, s.n(), 80, "the labeled set is too small")
	require.GreaterOrEqual(t, s.tp+s.fn, 30, "too few same pairs")
	require.GreaterOrEqual(t, s.tn+s.fp, 30, "too few different pairs")
	assert.GreaterOrEqual(t, s.accuracy(), 0.95, "accuracy on testdata/pairs.tsv")
}

// TestSameMeaningParaphrases reports how many of the paraphrases that only
// domain knowledge equates the measure still recognizes. It asserts nothing
// about the rate: the measure is lexical by design.
func TestSameMeaningParaphrases(t *testing.T) {
	pairs := readPairs(t, "testdata/pairs_paraphrase.tsv")
	for _, p := range pairs {
		require.True(t, p.same, "line %d: the paraphrase set holds same pairs only", p.line)
	}
	s := evaluate(t, pairs)
	t.Logf("pairs_paraphrase.tsv: %d same pairs: recall %.3f", s.n(), s.recall())
}
