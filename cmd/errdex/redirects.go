package main

import (
	"errdex"
	"errors"
	"io/fs"
	"os"

	"github.com/BurntSushi/toml"

	"errdex/render"
	"errdex/scrape"
)

// redirectsFile lists old URLs and where they moved, inside the content directory.
const redirectsFile = "redirects.toml"

// loadRedirects reads content/redirects.toml; a missing file means none.
func loadRedirects(content string) ([]render.Redirect, error) {
	data, err := fs.ReadFile(os.DirFS(content), redirectsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var f struct {
		Redirect []struct {
			From string `toml:"from"`
			To   string `toml:"to"`
		} `toml:"redirect"`
	}
	if _, err := toml.Decode(string(data), &f); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, contentError(content, errdex.Errorf(redirectsFile, pe.Position.Line, "%s", pe.Message))
		}
		return nil, contentError(content, errdex.ErrorAt(redirectsFile, 0, err))
	}
	lines := scrape.TableLines(data, "redirect")
	var out []render.Redirect
	seen := map[string]int{}
	for i, r := range f.Redirect {
		line := 0
		if i < len(lines) {
			line = lines[i]
		}
		bad := func(format string, args ...any) error {
			return contentError(content, errdex.Errorf(redirectsFile, line, "[[redirect]] #%d: "+format, append([]any{i + 1}, args...)...))
		}
		if r.From == "" || r.To == "" {
			return nil, bad("give both from and to")
		}
		file, err := render.RedirectFile(r.From)
		if err != nil {
			return nil, bad("%w", err)
		}
		if j, dup := seen[file]; dup {
			return nil, bad("from %q is the same page as [[redirect]] #%d", r.From, j)
		}
		seen[file] = i + 1
		out = append(out, render.Redirect{From: r.From, To: r.To})
	}
	return out, nil
}
