package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"errdex/scrape"
)

func cmdFetch(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("fetch", stderr)
	content := fs.String("content", "content", "content directory holding sources.toml")
	only := fs.String("source", "", "fetch only the source with this id")
	dry := fs.Bool("n", false, "fetch and check, but do not replace the snapshots")
	if err := fs.Parse(args); err != nil {
		return err
	}
	m, err := scrape.LoadManifest(os.DirFS(*content), scrape.ManifestFile)
	if err != nil {
		return contentError(*content, err)
	}
	client := &http.Client{Timeout: 60 * time.Second}
	return fetchSources(context.Background(), client, *content, m, *only, *dry, stdout)
}

// fetchSources refreshes every html source (or the one named) from its URL.
// A page is written only when the html adapter reads rows from it, so a
// changed or broken live page never replaces a good snapshot.
func fetchSources(ctx context.Context, client *http.Client, content string, m *scrape.Manifest, only string, dry bool, stdout io.Writer) error {
	n := 0
	for _, src := range m.Sources {
		if only != "" && src.ID != only {
			continue
		}
		if src.Format != "html" {
			if only != "" {
				return fmt.Errorf("fetch: source %s has format %q: only html sources are fetched from their live page; save the page as HTML and add it as a new source", src.ID, src.Format)
			}
			continue
		}
		n++
		page, err := scrape.Fetch(ctx, client, src.URL)
		if err != nil {
			return err
		}
		h, err := scrape.Parse(bytes.NewReader(page), src)
		if err != nil {
			return fmt.Errorf("fetch %s: the live page no longer reads as before: %w", src.ID, err)
		}
		if len(h.Entries) == 0 {
			return fmt.Errorf("fetch %s: no error codes found in %s; the page layout may have changed, snapshot kept", src.ID, src.URL)
		}
		fmt.Fprintf(stdout, "%s: %d rows, %d entries, %d skipped from %s\n", src.ID, h.Rows, len(h.Entries), len(h.Skipped), src.URL)
		if dry {
			continue
		}
		if err := writeFileAtomic(filepath.Join(content, filepath.FromSlash(src.Path)), page); err != nil {
			return fmt.Errorf("fetch %s: %w", src.ID, err)
		}
		if src.ExpectedRows != 0 && src.ExpectedRows != h.Rows {
			fmt.Fprintf(stdout, "%s: the manifest counts %d rows; update rows = %d in %s after checking the page\n", src.ID, src.ExpectedRows, h.Rows, scrape.ManifestFile)
		}
	}
	if n == 0 {
		if only != "" {
			return fmt.Errorf("fetch: no source with id %q in %s", only, scrape.ManifestFile)
		}
		fmt.Fprintf(stdout, "fetch: no html sources in %s; nothing to refresh (the shipped snapshots are kept as evidence)\n", scrape.ManifestFile)
	}
	return nil
}

func writeFileAtomic(name string, data []byte) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
