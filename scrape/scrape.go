package scrape

import (
	"bytes"
	"errors"
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
	"markdown":  parseMarkdown,
	"tsv":       parseTSV,
	"dingtalk":  parseDingTalk,
	"pipe":      parsePipe,
	"html":      parseHTML,
	"responses": parseResponses,
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

// snapshotName names the snapshot of src in errors: its path, else its id.
func snapshotName(src errdex.Source) string {
	if src.Path != "" {
		return src.Path
	}
	if src.ID != "" {
		return src.ID
	}
	return "input"
}

// srcErrorf returns an *errdex.Error at line of the snapshot of src (0 when
// the line is not known).
func srcErrorf(src errdex.Source, line int, format string, args ...any) error {
	return errdex.Errorf(snapshotName(src), line, format, args...)
}

// Parse reads one snapshot of src with the adapter its Format names. Every
// adapter reads the snapshot through readSnapshot (encodings, control
// characters) and every entry is checked by checkEntries (the one rule for
// codes, oversized texts), so what an adapter gets and gives is checked in
// one place. Errors are *errdex.Error naming the snapshot (and its line
// where known) once.
func Parse(r io.Reader, src errdex.Source) (errdex.Harvest, error) {
	f, ok := adapters[src.Format]
	if !ok {
		return errdex.Harvest{}, srcErrorf(src, 0, "unknown format %q: use one of %v", src.Format, Formats())
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return errdex.Harvest{}, srcErrorf(src, 0, "read: %w", err)
	}
	data, repairs, err := readSnapshot(data)
	if err != nil {
		return errdex.Harvest{}, errdex.ErrorAt(snapshotName(src), 0, err)
	}
	h, err := f(bytes.NewReader(data), src)
	if err != nil {
		// Adapters name the snapshot themselves (an *errdex.Error at
		// file:line); an error that does not is named here.
		return h, errdex.ErrorAt(snapshotName(src), 0, err)
	}
	h.Source = src
	h.Repairs = append(repairs, h.Repairs...)
	checkEntries(&h)
	return h, nil
}

// All reads every source of the manifest from fsys.
func All(fsys fs.FS, m *Manifest) ([]errdex.Harvest, error) {
	var out []errdex.Harvest
	for _, src := range m.Sources {
		f, err := fsys.Open(src.Path)
		if err != nil {
			return nil, errdex.Errorf(ManifestFile, m.SourceLine(src.ID), "source %s: snapshot %s: %w: check its path", src.ID, src.Path, pathErr(err))
		}
		h, err := Parse(f, src)
		f.Close()
		if err != nil {
			return nil, err
		}
		knownPlatforms(&h, m.Platforms)
		out = append(out, h)
	}
	return out, nil
}

// pathErr is the error of a failed file operation without the operation
// and path, which the caller names once in its own words.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// knownPlatforms skips the entries whose platform is not in the manifest's
// table (a row of a file that names its platform per row, such as the
// observed responses).
func knownPlatforms(h *errdex.Harvest, t errdex.PlatformTable) {
	kept := h.Entries[:0:0]
	for _, e := range h.Entries {
		if t.Index(e.Platform) < 0 {
			h.Skipped = append(h.Skipped, errdex.Skip{Line: e.Line, Reason: fmt.Sprintf(
				"platform %q is not in the manifest's [[platform]] table", e.Platform)})
			continue
		}
		kept = append(kept, e)
	}
	h.Entries = kept
}
