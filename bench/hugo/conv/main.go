package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// code is the part of an errdex.json code the Hugo pages show.
type code struct {
	Platform  string            `json:"platform"`
	Code      string            `json:"code"`
	URL       string            `json:"url"`
	Title     string            `json:"title"`
	Conflict  string            `json:"conflict,omitempty"`
	Meanings  []json.RawMessage `json:"meanings"`
	Elsewhere []json.RawMessage `json:"elsewhere,omitempty"`
}

func main() {
	in := flag.String("in", "public/data/errdex.json", "errdex.json of a built site")
	out := flag.String("out", "", "Hugo content directory to write (must not exist)")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "conv:", err)
		os.Exit(1)
	}
}

func run(in, out string) error {
	data, err := os.ReadFile(in)
	if err != nil {
		return err
	}
	var cat struct {
		Codes []code `json:"codes"`
	}
	if err := json.Unmarshal(data, &cat); err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	write := func(name string, front any) error {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		b, err := json.MarshalIndent(front, "", " ")
		if err != nil {
			return err
		}
		return os.WriteFile(p, append(b, '\n'), 0o644)
	}
	type ref struct{ Platform, Code, Title, URL string }
	numbers := map[string][]ref{}
	platforms := map[string]bool{}
	for i, c := range cat.Codes {
		platforms[c.Platform] = true
		numbers[c.Code] = append(numbers[c.Code], ref{c.Platform, c.Code, c.Title, "/" + c.URL})
		front := map[string]any{
			"title": c.Platform + " " + c.Code + ": " + c.Title, "url": "/" + c.URL,
			"platform": c.Platform, "code": c.Code, "conflict": c.Conflict,
			"meanings": c.Meanings, "elsewhere": c.Elsewhere, "weight": i + 1,
		}
		if err := write(fmt.Sprintf("%s/c%05d.md", c.Platform, i), front); err != nil {
			return err
		}
	}
	for p := range platforms {
		if err := write(p+"/_index.md", map[string]any{"title": p + " error codes"}); err != nil {
			return err
		}
	}
	nums := make([]string, 0, len(numbers))
	for n := range numbers {
		nums = append(nums, n)
	}
	sort.Strings(nums)
	for i, n := range nums {
		front := map[string]any{
			"title": "Error code " + n, "url": "/code/" + n + "/", "type": "number",
			"outputs": []string{"html"}, "codes": numbers[n],
		}
		if err := write(fmt.Sprintf("number/n%05d.md", i), front); err != nil {
			return err
		}
	}
	return write("_index.md", map[string]any{"title": "errdex"})
}
