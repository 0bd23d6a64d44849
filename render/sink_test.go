package render

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"errdex"

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
	assert.Equal(t, len(files), stats.Files)
	assert.Zero(t, stats.Kept)
	assert.Len(t, stats.Records, len(files))
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
			assert.Equal(t, len(files), stats.Files)
			assert.Equal(t, len(files)-1, stats.Kept)
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

// TestIncrementalEqualsFull publishes a site with digests, changes the
// catalog or the options, and publishes again with the first build's
// records: the site must be exactly what a full build gives, the pages
// whose inputs did not change taken from the old site without being
// rendered, the others rendered.
func TestIncrementalEqualsFull(t *testing.T) {
	for _, tc := range []struct {
		name       string
		change     func(*errdex.Catalog, *Options)
		allRebuilt bool // every page's inputs changed
		rendered   []string
	}{
		{"nothing changed", func(*errdex.Catalog, *Options) {}, false, nil},
		{"one fix", func(c *errdex.Catalog, _ *Options) {
			c.Lookup(errdex.WeCom, "40093").Meanings[0].Fix = "重新签名"
		}, false, []string{"wecom/40093/index.html", "wecom/40093/index.json", "wecom/40017/index.html"}},
		{"a source's title", func(c *errdex.Catalog, _ *Options) { c.Sources[0].Title = "renamed" }, true, nil},
		{"the base URL", func(_ *errdex.Catalog, o *Options) { o.BaseURL = "https://other.example.org/" }, true, nil},
		{"another salt", func(_ *errdex.Catalog, o *Options) { o.Salt = "another program" }, true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "public")
			o := testOptions(out)
			o.Salt = "test"
			first, err := Publish(testCatalog(), o)
			require.NoError(t, err)
			assert.Zero(t, first.Reused)
			assert.Equal(t, walkLines(t, out), recordLines(first), "the records describe the tree")

			cat := testCatalog()
			tc.change(cat, &o)
			want, err := Files(cat, o)
			require.NoError(t, err)
			o.Previous = map[string]Record{}
			for _, r := range first.Records {
				o.Previous[r.Name] = r
			}
			second, err := Publish(cat, o)
			require.NoError(t, err)
			assert.Equal(t, want, readTree(t, out))
			assert.Equal(t, walkLines(t, out), recordLines(second))

			reused := map[string]bool{}
			pagesReused := 0
			for _, r := range second.Records {
				reused[r.Name] = o.Previous[r.Name].Digest == r.Digest
				if reused[r.Name] && strings.HasSuffix(r.Name, ".html") {
					pagesReused++
				}
			}
			if tc.allRebuilt {
				assert.Zero(t, pagesReused, "no page is taken as it was")
			} else {
				assert.Positive(t, pagesReused)
			}
			for _, n := range tc.rendered {
				assert.False(t, reused[n], "%s changed: rendered again", n)
			}
			// In memory, as errdex serve rebuilds.
			files, stats, err := FilesFrom(cat, o, want)
			require.NoError(t, err)
			assert.Equal(t, want, files)
			if !tc.allRebuilt {
				assert.Positive(t, stats.Reused)
			}
		})
	}
}

// recordLines are the files and directories s describes, a sorted line
// each: "f name mode size mtime", "d name". The build stamp relies on
// them being the whole tree.
func recordLines(s WriteStats) []string {
	var lines []string
	for _, r := range s.Records {
		lines = append(lines, fmt.Sprintf("f %q %v %d %d", r.Name, r.Mode, r.Size, r.ModTime))
	}
	for _, d := range s.Dirs {
		lines = append(lines, fmt.Sprintf("d %q", d))
	}
	sort.Strings(lines)
	return lines
}

// walkLines are recordLines of the tree at dir, read from the disk.
func walkLines(t *testing.T, dir string) []string {
	t.Helper()
	var lines []string
	require.NoError(t, filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		if e.IsDir() {
			lines = append(lines, fmt.Sprintf("d %q", rel))
			return nil
		}
		fi, err := e.Info()
		if err != nil {
			return err
		}
		lines = append(lines, fmt.Sprintf("f %q %v %d %d", rel, fi.Mode(), fi.Size(), fi.ModTime().UnixNano()))
		return nil
	}))
	sort.Strings(lines)
	return lines
}

// TestWriteFileInfo: what writeFile says of the file it wrote is what
// os.Lstat says: the next build compares its records with Lstat.
func TestWriteFileInfo(t *testing.T) {
	for _, data := range []string{"", "x", strings.Repeat("errdex ", 10000)} {
		p := filepath.Join(t.TempDir(), "f.html")
		fi, err := writeFile(p, []byte(data))
		require.NoError(t, err)
		want, err := os.Lstat(p)
		require.NoError(t, err)
		assert.Equal(t, want.Name(), fi.Name())
		assert.Equal(t, want.Size(), fi.Size())
		assert.Equal(t, want.Mode(), fi.Mode())
		assert.Equal(t, want.ModTime().UnixNano(), fi.ModTime().UnixNano())
		assert.False(t, fi.IsDir())
	}
}
