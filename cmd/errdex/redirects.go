package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/BurntSushi/toml"

	"errdex/render"
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
			return nil, fmt.Errorf("%s/%s:%d: %s", content, redirectsFile, pe.Position.Line, pe.Message)
		}
		return nil, fmt.Errorf("%s/%s: %w", content, redirectsFile, err)
	}
	var out []render.Redirect
	seen := map[string]int{}
	for i, r := range f.Redirect {
		where := fmt.Sprintf("%s/%s: [[redirect]] #%d", content, redirectsFile, i+1)
		if r.From == "" || r.To == "" {
			return nil, fmt.Errorf("%s: give both from and to", where)
		}
		file, err := render.RedirectFile(r.From)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if j, dup := seen[file]; dup {
			return nil, fmt.Errorf("%s: from %q is the same page as [[redirect]] #%d", where, r.From, j)
		}
		seen[file] = i + 1
		out = append(out, render.Redirect{From: r.From, To: r.To})
	}
	return out, nil
}
