package scrape

import (
	"os"
	"testing"
)

// BenchmarkAll scrapes every shipped snapshot, as `errdex build` does.
func BenchmarkAll(b *testing.B) {
	fsys := os.DirFS("../content")
	m, err := LoadManifest(fsys, ManifestFile)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := All(fsys, m); err != nil {
			b.Fatal(err)
		}
	}
}
