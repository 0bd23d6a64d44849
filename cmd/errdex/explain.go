package main

import (
	"bufio"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"errdex"
	"errdex/content"
	contentload "errdex/load"
	"errdex/search"
)

// cmdExplain prints what errdex knows of a code, offline, as `rustc
// --explain` does: the meaning, the fix, the troubleshooting, what the API
// returns and the page's URL. The argument is anything the site's search
// box takes (a code, a platform and a code, an errmsg, a pasted response);
// without arguments it reads standard input. It runs the site's query
// rules and ranking (package search), so testdata/queries.tsv holds its
// cases too.
func cmdExplain(args []string, stdout, stderr io.Writer) error {
	return explain(args, os.Stdin, stdout, stderr)
}

func explain(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fl := newFlagSet("explain", stderr)
	dir := fl.String("content", "", "content directory to read (default: the content built into errdex)")
	base := fl.String("base-url", "", "the site's public URL, to print the page's address (default: its path)")
	limit := fl.Int("n", 3, "how many codes to explain when the query matches several equally")
	if err := fl.Parse(args); err != nil {
		return err
	}
	query := strings.Join(fl.Args(), " ")
	if strings.TrimSpace(query) == "" {
		data, err := io.ReadAll(bufio.NewReader(stdin))
		if err != nil {
			return fmt.Errorf("explain: read standard input: %w", err)
		}
		query = string(data)
	}
	if strings.TrimSpace(query) == "" {
		return fmt.Errorf("explain: nothing to explain: give a code, an errmsg or a pasted response")
	}
	var fsys fs.FS = content.FS
	name := "errdex's built-in content"
	if *dir != "" {
		fsys, name = os.DirFS(*dir), *dir
	}
	c, err := contentload.Read(fsys)
	if err != nil {
		if *dir != "" {
			return contentError(*dir, err)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	e, err := search.NewEngine(c.Catalog)
	if err != nil {
		return err
	}
	res := e.Search(query)
	if len(res.Hits) == 0 {
		return fmt.Errorf("explain: nothing in %s matches %q", name, strings.TrimSpace(query))
	}
	var show []search.Hit
	for _, h := range res.Hits {
		if h.Exact {
			show = append(show, h)
		}
	}
	if len(show) == 0 {
		show = res.Hits[:1]
	}
	w := &explainer{out: stdout, cat: c.Catalog, base: strings.TrimSuffix(*base, "/")}
	if res.Widened {
		fmt.Fprintf(stdout, "(none on %s; showing other platforms)\n\n", platformNames(c.Catalog, res.Query.Platforms))
	}
	if len(show) > 1 {
		fmt.Fprintf(stdout, "%d platforms use this number; add the platform to choose one (errdex explain wecom %s).\n\n", len(show), show[0].Code)
	}
	for i, h := range show {
		if i == *limit {
			fmt.Fprintf(stdout, "… and %d more.\n", len(show)-i)
			break
		}
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		w.code(c.Catalog.Lookup(h.Platform, h.Code))
	}
	if len(show) == 1 && len(res.Hits) > 1 && !show[0].Exact {
		fmt.Fprintln(stdout, "\nAlso close:")
		for _, h := range res.Hits[1:min(5, len(res.Hits))] {
			x := c.Catalog.Lookup(h.Platform, h.Code)
			fmt.Fprintf(stdout, "  %s %s  %s  %s\n", w.platformName(h.Platform), h.Code, x.Title(), w.url(x))
		}
	}
	return nil
}

func platformNames(cat *errdex.Catalog, ps []errdex.Platform) string {
	var out []string
	for _, p := range ps {
		out = append(out, cat.PlatformTable().Info(p).Name)
	}
	return strings.Join(out, ", ")
}

// explainer writes codes as text.
type explainer struct {
	out  io.Writer
	cat  *errdex.Catalog
	base string
}

func (w *explainer) platformName(p errdex.Platform) string {
	in := w.cat.PlatformTable().Info(p)
	return in.Name + " (" + in.NameZH + ")"
}

func (w *explainer) url(c *errdex.Code) string {
	if w.base == "" {
		return c.URL()
	}
	return w.base + "/" + c.URL()
}

func (w *explainer) code(c *errdex.Code) {
	out := w.out
	fmt.Fprintf(out, "%s %s · %s\n", w.platformName(c.Platform), c.Code, c.Title())
	if len(c.Conflicts) > 0 {
		fmt.Fprintf(out, "! The sources disagree (%s): read every meaning below.\n", strings.ReplaceAll(c.Conflict(), ",", ", "))
	}
	for i, m := range c.Meanings {
		if len(c.Meanings) > 1 {
			fmt.Fprintf(out, "\nMeaning %d (%s)\n", i+1, w.scopes(c, m))
		}
		if m.ZH != "" {
			fmt.Fprintf(out, "  %s\n", m.ZH)
		}
		if m.EN != "" {
			fmt.Fprintf(out, "  %s\n", m.EN)
		}
		switch {
		case m.Fix != "":
			fmt.Fprintf(out, "\nFix:\n%s\n", indent(m.Fix))
		case m.Troubleshooting == "":
			fmt.Fprintln(out, "\nFix: the sources give none.")
		}
		if m.Troubleshooting != "" {
			fmt.Fprintf(out, "\nTroubleshooting:\n%s\n", indent(m.Troubleshooting))
		}
	}
	if len(c.Responses) > 0 {
		fmt.Fprintln(out, "\nWhat the API returns:")
		for _, r := range c.Responses {
			fmt.Fprintf(out, "  %s  (seen %d×, e.g. %s)\n", r.Errmsg, r.Count, r.Seen[0].URL)
		}
	}
	for _, s := range c.Elsewhere {
		if s.Agreement == errdex.Same {
			fmt.Fprintf(out, "\nThe same meaning on %s: %s\n", w.platformName(s.Platform), w.url(w.cat.Lookup(s.Platform, c.Code)))
		}
	}
	fmt.Fprintf(out, "\nPage: %s\n", w.url(c))
}

func (w *explainer) scopes(c *errdex.Code, m errdex.Meaning) string {
	var out []string
	for _, s := range m.Scopes {
		out = append(out, w.cat.ScopeName(c.Platform, s))
	}
	return strings.Join(out, "; ")
}

func indent(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return strings.Join(lines, "\n")
}
