package scrape

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"errdex"
)

// contentHarvest reads the snapshot of the source id of the shipped
// content, with the adapter its manifest entry names.
func contentHarvest(t *testing.T, id string) errdex.Harvest {
	t.Helper()
	src := contentSource(t, id)
	f, err := os.Open(filepath.Join("..", "content", filepath.FromSlash(src.Path)))
	require.NoError(t, err)
	defer f.Close()
	h, err := Parse(f, src)
	require.NoError(t, err)
	requireAccounted(t, h)
	return h
}

// entriesDigest is the sha256 of the canonical entries: each entry as JSON,
// one a line, in the adapter's order.
func entriesDigest(t *testing.T, es []errdex.Entry) string {
	t.Helper()
	sum := sha256.New()
	for _, e := range es {
		b, err := json.Marshal(e)
		require.NoError(t, err)
		sum.Write(append(b, '\n'))
	}
	return fmt.Sprintf("%x", sum.Sum(nil))
}

// digits reads a reason as a kind: its numbers as N.
var digits = regexp.MustCompile(`-?\d+`)

// reasonCounts lists how many skips (or repairs) give each kind of reason.
func reasonCounts(skips []errdex.Skip) string {
	counts := map[string]int{}
	for _, s := range skips {
		counts[digits.ReplaceAllString(s.Reason, "N")]++
	}
	var keys []string
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "  %5d  %s\n", counts[k], k)
	}
	return b.String()
}

// TestSnapshotSummaries keeps a small summary of what each shipped
// snapshot gives (counts of rows, entries, skips and repairs by reason,
// sections, and a sha256 of the canonical entries) as a golden file, so a
// change to any entry shows as a changed hash in review, and the focused
// goldens of TestKnownDefects show the rows that matter.
func TestSnapshotSummaries(t *testing.T) {
	m, err := LoadManifest(os.DirFS("../content"), ManifestFile)
	require.NoError(t, err)
	for _, src := range m.Sources {
		t.Run(src.ID, func(t *testing.T) {
			h := contentHarvest(t, src.ID)
			codes := map[string]bool{}
			for _, e := range h.Entries {
				codes[e.Code] = true
			}
			var b strings.Builder
			fmt.Fprintf(&b, "# content/%s read by the %s adapter; go test ./scrape -update rewrites this file\n", src.Path, src.Format)
			fmt.Fprintf(&b, "rows      %d\nentries   %d\ncodes     %d\nskipped   %d\n", h.Rows, len(h.Entries), len(codes), len(h.Skipped))
			b.WriteString(reasonCounts(h.Skipped))
			fmt.Fprintf(&b, "sections  %d\nattached  %d\norphaned  %d\n", h.Sections, h.Attached, len(h.Orphans))
			fmt.Fprintf(&b, "repairs   %d\n", len(h.Repairs))
			b.WriteString(reasonCounts(h.Repairs))
			fmt.Fprintf(&b, "sha256    %s\n", entriesDigest(t, h.Entries))
			if src.Glossary != "" {
				g, err := LoadGlossary(os.DirFS("../content"), src.Glossary)
				require.NoError(t, err)
				clean := g.CleanHarvest(h)
				requireAccounted(t, clean)
				changed := 0
				for i, e := range clean.Entries {
					if e != h.Entries[i] {
						changed++
					}
				}
				fmt.Fprintf(&b, "glossary  %s: %d entries changed\nsha256    %s (after the glossary)\n", src.Glossary, changed, entriesDigest(t, clean.Entries))
			}
			golden(t, "snapshots/"+src.ID+".golden", []byte(b.String()))
		})
	}
}

// TestKnownDefects keeps, as focused golden files, the entries of the rows
// where the shipped snapshots are known to be damaged or odd (the "Known
// defects" of the sources' notes), as the adapters read them.
func TestKnownDefects(t *testing.T) {
	type pick struct {
		source string
		codes  []string
	}
	for _, tc := range []struct {
		name  string
		picks []pick
	}{
		// 000: cells split at the wrong boundary, and a row of two cells.
		{"wecom-cell-boundaries", []pick{{"wecom-global-2023", []string{"40088", "48003", "81013", "81011"}}}},
		// 000: Markdown escapes: media\*id for media_id, &#124; for |.
		{"wecom-escapes", []pick{{"wecom-global-2023", []string{"40007", "60009", "60125"}}}},
		// 000: an intra-page link 查看帮助, and one section for two codes.
		{"wecom-help-link", []pick{{"wecom-global-2023", []string{"40054", "40055"}}}},
		// 000: inside the 60011 section an indented block documents 60020.
		{"wecom-embedded-section", []pick{{"wecom-global-2023", []string{"60011", "60020"}}}},
		// 001 vs 000: reworded (41006), changed in meaning (40093).
		{"wecom-older-wording", []pick{{"wecom-global-older", []string{"41006", "40093"}}, {"wecom-global-2023", []string{"41006", "40093"}}}},
		// 002: broken quoting; the message repeated at the start of the
		// fix line; "nothing ." for no fix (40002).
		{"dingtalk-quoting", []pick{{"dingtalk-server-2022", []string{"-1", "41008", "42001", "42003", "40002"}}}},
		// 003: -404011 and -503003 twice in 微信云开发; -40400x a range.
		{"oplatform-duplicates", []pick{{"wechat-oplatform-2025", []string{"-404011", "-503003", "-40400x"}}}},
		// 004: the same code under two scopes with two meanings.
		{"oa-two-scopes", []pick{{"wechat-oa-global-en", []string{"40017"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b strings.Builder
			for _, p := range tc.picks {
				h := contentHarvest(t, p.source)
				want := map[string]bool{}
				for _, c := range p.codes {
					want[c] = true
				}
				found := map[string]bool{}
				fmt.Fprintf(&b, "# %s: %s\n", p.source, strings.Join(p.codes, " "))
				for _, e := range h.Entries {
					if !want[e.Code] {
						continue
					}
					found[e.Code] = true
					j, err := json.MarshalIndent(e, "", "  ")
					require.NoError(t, err)
					b.Write(append(j, '\n'))
				}
				for _, c := range p.codes {
					require.True(t, found[c], "%s has no entry for %s", p.source, c)
				}
			}
			golden(t, "defects/"+tc.name+".golden", []byte(b.String()))
		})
	}
}
