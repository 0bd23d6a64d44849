package scrape

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"errdex"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata/")

// golden compares got with testdata/name, rewriting the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "missing golden file: run go test ./scrape -update")
	require.Equal(t, string(want), string(got), "golden %s differs: inspect, then go test ./scrape -update", path)
}

// harvestJSON renders a harvest as stable, readable JSON for golden files.
func harvestJSON(t *testing.T, h errdex.Harvest) []byte {
	t.Helper()
	type out struct {
		Rows     int
		Sections int
		Attached int
		Entries  []errdex.Entry
		Skipped  []errdex.Skip
		Orphans  []errdex.Skip
	}
	b, err := json.MarshalIndent(out{h.Rows, h.Sections, h.Attached, h.Entries, h.Skipped, h.Orphans}, "", "  ")
	require.NoError(t, err)
	return append(b, '\n')
}

// contentSource returns the source id of the real content/sources.toml.
func contentSource(t testing.TB, id string) errdex.Source {
	t.Helper()
	m, err := LoadManifest(os.DirFS("../content"), ManifestFile)
	require.NoError(t, err)
	for _, s := range m.Sources {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("manifest has no source %q", id)
	return errdex.Source{}
}

// testSource returns a source of the given format with no scope mapping.
func testSource(format string, p errdex.Platform) errdex.Source {
	return errdex.Source{ID: "test-" + format, Platform: p, Format: format, Path: "snippet." + format}
}

// requireAccounted fails unless every candidate row became an entry or a skip.
func requireAccounted(t testing.TB, h errdex.Harvest) {
	t.Helper()
	if n, msg := h.Unaccounted(); n != 0 || msg != "" {
		t.Fatalf("rows unaccounted: %s", msg)
	}
}
