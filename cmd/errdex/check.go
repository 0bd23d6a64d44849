package main

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"errdex"
	contentload "errdex/load"
)

func cmdCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", stderr)
	content := fs.String("content", "content", "content directory holding sources.toml and the snapshots")
	verbose := fs.Bool("v", false, "list every skipped row and orphaned section")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c, err := loadContent(*content)
	if err != nil {
		return err
	}
	cat, hs := c.Catalog, c.Harvests
	if _, err := loadRedirects(*content); err != nil {
		return err
	}
	bad := reconcile(stdout, *content, hs, nil, *verbose)
	conflictSummary(stdout, cat)
	reviewSummary(stdout, *content, c)
	changeSummary(stdout, cat)
	responseCoverage(stdout, c)
	if bad > 0 {
		return fmt.Errorf("%w in %d source(s): see the table above", errUnaccounted, bad)
	}
	return nil
}

// shrinkFloor is the share, in percent, of the entries a source gave in the
// last build that it must still give: fewer is "far fewer", and build fails
// unless run with -accept-shrink.
const shrinkFloor = 90

// audit is the accounting check and build share: "" when the harvest of
// one source may be published, else what is wrong. A source fails when its
// rows do not add up (errdex.Harvest.Unaccounted), when it yields no row at
// all, and, given last (the entries each source gave in the last build,
// nil when unknown), when it gives fewer than shrinkFloor percent of them.
func audit(h errdex.Harvest, last map[string]int) string {
	if n, msg := h.Unaccounted(); n != 0 || msg != "" {
		return "UNACCOUNTED: " + msg
	}
	if h.Rows == 0 {
		return "EMPTY: the source yields no rows: check the snapshot and its format"
	}
	if prev, ok := last[h.Source.ID]; ok && prev > 0 && len(h.Entries)*100 < prev*shrinkFloor {
		return fmt.Sprintf("SHRANK: %d entries, the last build had %d (less than %d%%): build -accept-shrink if that is intended", len(h.Entries), prev, shrinkFloor)
	}
	return ""
}

// reconcile prints, per source, the candidate rows and where each went,
// and returns how many sources fail the audit against last.
func reconcile(w io.Writer, content string, hs []errdex.Harvest, last map[string]int, verbose bool) int {
	fmt.Fprintln(w, "Reconciliation: every candidate row is an entry or a skip")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "source\tformat\texpected\trows\tentries\tskipped\tsections\tattached\torphaned\tstatus\t")
	bad := 0
	for _, h := range hs {
		status := "ok"
		if msg := audit(h, last); msg != "" {
			status = msg
			bad++
		}
		exp := "-"
		if h.Source.ExpectedRows > 0 {
			exp = fmt.Sprint(h.Source.ExpectedRows)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t\n", h.Source.ID, h.Source.Format, exp,
			h.Rows, len(h.Entries), len(h.Skipped), h.Sections, h.Attached, len(h.Orphans), status)
	}
	tw.Flush()
	for _, h := range hs {
		if len(h.Skipped)+len(h.Orphans)+len(h.Repairs) == 0 {
			continue
		}
		if !verbose {
			fmt.Fprintf(w, "  %s: %d skipped, %d orphaned, %d repaired (errdex check -v lists them)\n", h.Source.ID, len(h.Skipped), len(h.Orphans), len(h.Repairs))
			continue
		}
		for _, s := range h.Repairs {
			fmt.Fprintf(w, "  %s/%s:%d: %s\n", content, h.Source.Path, s.Line, s.Reason)
		}
		for _, s := range h.Skipped {
			fmt.Fprintf(w, "  %s/%s:%d: skipped: %s\n", content, h.Source.Path, s.Line, s.Reason)
		}
		for _, s := range h.Orphans {
			fmt.Fprintf(w, "  %s/%s:%d: orphaned section: %s\n", content, h.Source.Path, s.Line, s.Reason)
		}
	}
	fmt.Fprintln(w)
	return bad
}

// conflictSummary prints the count of flagged codes per kind and platform.
func conflictSummary(w io.Writer, cat *errdex.Catalog) {
	counts := map[errdex.ConflictKind]map[errdex.Platform]int{}
	flagged := map[errdex.Platform]int{}
	for _, c := range cat.Codes {
		if len(c.Conflicts) > 0 {
			flagged[c.Platform]++
		}
		for _, k := range c.Conflicts {
			if counts[k] == nil {
				counts[k] = map[errdex.Platform]int{}
			}
			counts[k][c.Platform]++
		}
	}
	fmt.Fprintln(w, "Conflicts: codes flagged, per kind and platform")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "kind\t")
	for _, p := range cat.PlatformTable().IDs() {
		fmt.Fprintf(tw, "%s\t", p)
	}
	fmt.Fprintln(tw, "total\t")
	row := func(name string, get func(errdex.Platform) int) {
		fmt.Fprintf(tw, "%s\t", name)
		total := 0
		for _, p := range cat.PlatformTable().IDs() {
			n := get(p)
			total += n
			fmt.Fprintf(tw, "%d\t", n)
		}
		fmt.Fprintf(tw, "%d\t\n", total)
	}
	for _, k := range errdex.ConflictKinds() {
		row(string(k), func(p errdex.Platform) int { return counts[k][p] })
	}
	row("any", func(p errdex.Platform) int { return flagged[p] })
	tw.Flush()
	fmt.Fprintln(w)
}

// reviewSummary prints what needs a maintainer: flags no one has reviewed
// (with the fingerprint a review of them records), reviews that no longer
// match their code's wordings, reviews of codes that do not exist, and
// thesaurus groups no wording uses.
func reviewSummary(w io.Writer, content string, c *contentload.Content) {
	cat := c.Catalog
	var unreviewed, stale, reviewed []string
	for _, code := range cat.Codes {
		switch {
		case code.Review != nil && code.Review.Stale:
			r := findReview(c.Reviews, code.Key())
			stale = append(stale, fmt.Sprintf("  %s/%s:%d: %s %s: reviewed %s for wordings %s, now %s: read the code again and update the review",
				content, r.File, r.Line, code.Platform, code.Code, code.Review.Verdict, code.Review.Wordings, code.Fingerprint()))
		case code.Review != nil:
			reviewed = append(reviewed, code.Platform.Name()+" "+code.Code)
		case len(code.Conflicts) > 0:
			unreviewed = append(unreviewed, fmt.Sprintf("  %s %s  %s  wordings = %q", code.Platform, code.Code, code.Conflict(), code.Fingerprint()))
		}
	}
	fmt.Fprintf(w, "Reviews: %d reviewed, %d flags not reviewed yet, %d stale\n", len(reviewed), len(unreviewed), len(stale))
	for _, l := range unreviewed {
		fmt.Fprintln(w, l)
	}
	for _, l := range stale {
		fmt.Fprintln(w, l)
	}
	for _, r := range cat.UnmatchedReviews(c.Reviews) {
		fmt.Fprintf(w, "  %s/%s:%d: %s %s: no such code: remove the review\n", content, r.File, r.Line, r.Platform, r.Code)
	}
	for _, code := range cat.Codes {
		for _, r := range code.Responses {
			if r.Agreement == errdex.Different {
				fmt.Fprintf(w, "  %s %s: the API was seen to return %q, which states none of the documented meanings: read the code and its sightings (%s)\n",
					code.Platform, code.Code, r.Errmsg, r.Seen[0].URL)
			}
		}
	}
	for _, g := range c.Thesaurus.Unused(cat) {
		fmt.Fprintf(w, "  %s/%s:%d: thesaurus group %q: fewer than two of its terms are in any wording: remove or fix it\n",
			content, "thesaurus.toml", g.Line, g.Terms)
	}
	fmt.Fprintln(w)
}

func findReview(rs []errdex.Review, k errdex.Key) errdex.Review {
	for _, r := range rs {
		if r.Platform == k.Platform && r.Code == k.Code {
			return r
		}
	}
	return errdex.Review{}
}

// changeSummary prints what changed between snapshots of one page.
func changeSummary(w io.Writer, cat *errdex.Catalog) {
	type pair struct{ from, to string }
	counts := map[pair]map[errdex.ChangeKind][]string{}
	for _, c := range cat.Changes {
		k := pair{c.From.Source, c.To.Source}
		if counts[k] == nil {
			counts[k] = map[errdex.ChangeKind][]string{}
		}
		counts[k][c.Kind] = append(counts[k][c.Kind], c.Code)
	}
	var keys []pair
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].from+keys[i].to < keys[j].from+keys[j].to })
	fmt.Fprintln(w, "Changes between snapshots")
	if len(keys) == 0 {
		fmt.Fprintln(w, "  none (no source supersedes another)")
	}
	for _, k := range keys {
		fmt.Fprintf(w, "  %s -> %s\n", k.from, k.to)
		for _, kind := range errdex.ChangeKinds() {
			codes := counts[k][kind]
			fmt.Fprintf(w, "    %-9s %4d", kind, len(codes))
			if len(codes) > 0 && len(codes) <= 20 {
				fmt.Fprintf(w, "  %v", codes)
			}
			fmt.Fprintln(w)
		}
	}
}

// responseCoverage prints, per platform, what the sources of observed API
// responses cover: sightings, (platform, code) pairs, sightings by admission
// rule, and how many of the codes a page documents (docs/api-responses.md).
func responseCoverage(w io.Writer, c *contentload.Content) {
	type counts struct {
		rows, marks, repos int
		codes, paged       map[string]bool
	}
	by := map[errdex.Platform]*counts{}
	for _, h := range c.Harvests {
		for _, e := range h.Entries {
			if e.SeenAt == "" {
				continue
			}
			n := by[e.Platform]
			if n == nil {
				n = &counts{codes: map[string]bool{}, paged: map[string]bool{}}
				by[e.Platform] = n
			}
			n.rows++
			switch e.Rule {
			case "marks":
				n.marks++
			case "repos":
				n.repos++
			}
			n.codes[e.Code] = true
			if c.Catalog.Lookup(e.Platform, e.Code) != nil {
				n.paged[e.Code] = true
			}
		}
	}
	if len(by) == 0 {
		return
	}
	fmt.Fprintln(w, "\nObserved API responses")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "platform\tsightings\tcodes\tby marks\tby repos\tcodes with a page\tcodes no page documents\t")
	var all counts
	pairs, paged := 0, 0
	for _, p := range c.Catalog.PlatformTable() {
		n := by[p.ID]
		if n == nil {
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t\n", p.ID, n.rows, len(n.codes), n.marks, n.repos, len(n.paged), len(n.codes)-len(n.paged))
		all.rows += n.rows
		all.marks += n.marks
		all.repos += n.repos
		pairs += len(n.codes)
		paged += len(n.paged)
	}
	fmt.Fprintf(tw, "all\t%d\t%d\t%d\t%d\t%d\t%d\t\n", all.rows, pairs, all.marks, all.repos, paged, pairs-paged)
	tw.Flush()
}
