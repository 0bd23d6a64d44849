package render

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readTree reads every file under dir: slash path → content.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	}))
	return files
}

// TestParallelEqualsSerial renders with one worker and with many: the
// files and their bytes must be the same, and the same again on a second
// parallel build.
func TestParallelEqualsSerial(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*Options)
	}{
		{"hosted", func(*Options) {}},
		{"bundle", func(o *Options) { o.Bundle, o.BaseURL = true, "" }},
		// Unminified pages are the worker's reused buffer: each file must
		// still get its own bytes.
		{"unminified", func(o *Options) { o.NoMinify = true }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			render := func(workers int) map[string][]byte {
				o := testOptions("")
				tc.mutate(&o)
				o.Workers = workers
				files, err := Files(testCatalog(), o)
				require.NoError(t, err)
				return files
			}
			serial := render(1)
			require.NotEmpty(t, serial)
			assert.Equal(t, serial, render(8))
			assert.Equal(t, serial, render(8))
		})
	}
}

// TestPublishEqualsFiles checks that the streaming build (Publish) writes
// exactly the files Files returns.
func TestPublishEqualsFiles(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	o := testOptions(out)
	files, err := Files(testCatalog(), o)
	require.NoError(t, err)
	stats, err := Publish(testCatalog(), o)
	require.NoError(t, err)
	assert.Equal(t, files, readTree(t, out))
	assert.Equal(t, WriteStats{Files: len(files)}, stats)
}

// TestUnchangedFilesKept rebuilds over a published site: files with the
// same bytes keep their modification time (and inode, when hard-linked),
// changed files are rewritten, removed ones are gone, and nothing is left
// beside the site.
func TestUnchangedFilesKept(t *testing.T) {
	for _, how := range []string{"Publish", "Write"} {
		t.Run(how, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "public")
			o := testOptions(out)
			files, err := Files(testCatalog(), o)
			require.NoError(t, err)
			require.NoError(t, Write(out, files))
			past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
			for n := range files {
				require.NoError(t, os.Chtimes(filepath.Join(out, filepath.FromSlash(n)), past, past))
			}
			require.NoError(t, os.WriteFile(filepath.Join(out, "robots.txt"), []byte("changed by hand"), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(out, "stale.html"), []byte("stale"), 0o644))

			var stats WriteStats
			if how == "Publish" {
				stats, err = Publish(testCatalog(), o)
			} else {
				stats, err = WriteFiles(out, files)
			}
			require.NoError(t, err)
			assert.Equal(t, WriteStats{Files: len(files), Kept: len(files) - 1}, stats)
			assert.Equal(t, files, readTree(t, out), "the site is exactly the new files")
			for n := range files {
				fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(n)))
				require.NoError(t, err)
				if n == "robots.txt" {
					assert.NotEqual(t, past, fi.ModTime().UTC(), n)
				} else {
					assert.Equal(t, past, fi.ModTime().UTC(), n)
				}
			}
			ents, err := os.ReadDir(dir)
			require.NoError(t, err)
			require.Len(t, ents, 1, "nothing left beside the site")
		})
	}
}

// TestSameBytes covers the comparison the writer uses to keep a file.
func TestSameBytes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	big := make([]byte, 100<<10)
	for i := range big {
		big[i] = byte(i)
	}
	require.NoError(t, os.WriteFile(p, big, 0o644))
	for _, tc := range []struct {
		name string
		data []byte
		want bool
	}{
		{"equal", big, true},
		{"shorter", big[:len(big)-1], false},
		{"longer", append(append([]byte(nil), big...), 0), false},
		{"last byte differs", append(append([]byte(nil), big[:len(big)-1]...), 1), false},
		{"empty", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := sameBytes(p, tc.data)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}
