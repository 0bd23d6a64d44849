package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"errdex/load"
)

// capture is the snapshot that is repeated, and its [[source]] in sources.toml.
const (
	capture   = "wechat-oplatform-errcode-2025.tsv"
	captureID = "wechat-oplatform-2025"
)

// codeLine matches a TSV row that starts with a numeric code.
var codeLine = regexp.MustCompile(`^(-?)(\d+)\t`)

func main() {
	content := flag.String("content", "content", "the content tree to start from")
	out := flag.String("out", "", "directory to write the synthetic content tree into (must not exist)")
	n := flag.Int("n", 10000, "about how many codes the catalog should hold")
	flag.Parse()
	if err := run(*content, *out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(content, out string, n int) error {
	if out == "" {
		return fmt.Errorf("-out is required")
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s exists", out)
	}
	c, err := load.Read(os.DirFS(content))
	if err != nil {
		return fmt.Errorf("%s/%w", content, err)
	}
	base := len(c.Catalog.Codes)
	if err := copyTree(content, out); err != nil {
		return err
	}
	tsv, err := os.ReadFile(filepath.Join(content, capture))
	if err != nil {
		return err
	}
	codes := map[string]bool{}
	for _, line := range strings.Split(string(tsv), "\n") {
		if m := codeLine.FindStringSubmatch(line); m != nil {
			codes[m[1]+m[2]] = true
		}
	}
	per := len(codes)
	copies := 0
	if n > base {
		copies = (n - base + per - 1) / per
	}
	if copies > 999 {
		return fmt.Errorf("%d codes need %d copies of %s, more than 999", n, copies, capture)
	}
	block, err := sourceBlock(filepath.Join(content, "sources.toml"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(out, "synthetic"), 0o755); err != nil {
		return err
	}
	var manifest bytes.Buffer
	for k := 1; k <= copies; k++ {
		name := fmt.Sprintf("synthetic/oplatform-%03d.tsv", k)
		if err := os.WriteFile(filepath.Join(out, name), renumber(tsv, k), 0o644); err != nil {
			return err
		}
		b := strings.Replace(block, `id = "`+captureID+`"`, fmt.Sprintf(`id = "synthetic-%03d"`, k), 1)
		b = strings.Replace(b, `path = "`+capture+`"`, `path = "`+name+`"`, 1)
		b = strings.Replace(b, `title = "`, fmt.Sprintf(`title = "(synthetic copy %d) `, k), 1)
		manifest.WriteString("\n" + b)
	}
	f, err := os.OpenFile(filepath.Join(out, "sources.toml"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.Write(manifest.Bytes()); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Printf("gen: %s: %d shipped codes + %d copies of %s (%d codes each) ≈ %d codes\n", out, base, copies, capture, per, base+copies*per)
	return nil
}

// renumber gives every coded row of the TSV copy k's codes.
func renumber(tsv []byte, k int) []byte {
	var b bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(tsv))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := codeLine.FindStringSubmatchIndex(line); m != nil {
			line = line[:m[2]] + line[m[2]:m[3]] + fmt.Sprintf("9%03d", k) + line[m[4]:]
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// sourceBlock returns the [[source]] table of the capture in sources.toml,
// with its [source.scopes], without the rows count (copies do not match it).
func sourceBlock(manifest string) (string, error) {
	data, err := os.ReadFile(manifest)
	if err != nil {
		return "", err
	}
	tables := strings.Split(string(data), "\n[[")
	for _, t := range tables {
		if !strings.HasPrefix(t, "source]]") || !strings.Contains(t, `id = "`+captureID+`"`) {
			continue
		}
		var keep []string
		for _, line := range strings.Split(t, "\n") {
			if strings.HasPrefix(line, "rows =") || strings.HasPrefix(line, "supersedes =") || strings.HasPrefix(line, "sections =") {
				continue
			}
			keep = append(keep, line)
		}
		return "[[" + strings.TrimRight(strings.Join(keep, "\n"), "\n") + "\n", nil
	}
	return "", fmt.Errorf("%s: no [[source]] with id %q", manifest, captureID)
}

// copyTree copies the content tree src to dst.
func copyTree(src, dst string) error { return os.CopyFS(dst, os.DirFS(src)) }
