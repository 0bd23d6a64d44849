package scrape

import (
	"fmt"
	"io"
	"io/fs"
	"sort"

	"errdex"
)

// parseFunc is one adapter: it reads a snapshot of src and accounts for
// every candidate row in the returned harvest.
type parseFunc func(r io.Reader, src errdex.Source) (errdex.Harvest, error)

// adapters maps a manifest format name to its adapter.
var adapters = map[string]parseFunc{
	"markdown": parseMarkdown,
	"tsv":      parseTSV,
	"dingtalk": parseDingTalk,
	"pipe":     parsePipe,
	"html":     parseHTML,
}

// Formats lists the format names the manifest may use.
func Formats() []string {
	var out []string
	for k := range adapters {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Parse reads one snapshot of src with the adapter its Format names.
func Parse(r io.Reader, src errdex.Source) (errdex.Harvest, error) {
	f, ok := adapters[src.Format]
	if !ok {
		return errdex.Harvest{}, fmt.Errorf("scrape %s: unknown format %q: use one of %v", src.Path, src.Format, Formats())
	}
	h, err := f(r, src)
	if err != nil {
		return h, fmt.Errorf("scrape %s: %w", src.Path, err)
	}
	h.Source = src
	return h, nil
}

// All reads every source of the manifest from fsys.
func All(fsys fs.FS, m *Manifest) ([]errdex.Harvest, error) {
	var out []errdex.Harvest
	for _, src := range m.Sources {
		f, err := fsys.Open(src.Path)
		if err != nil {
			return nil, fmt.Errorf("source %s: %w: check its path in %s", src.ID, err, ManifestFile)
		}
		h, err := Parse(f, src)
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}
