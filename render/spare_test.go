package render

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"errdex"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// noExchange is exchange on a system without one.
func noExchange(a, b string) error {
	return &os.LinkError{Op: "exchange", Old: a, New: b, Err: errors.ErrUnsupported}
}

// recordMap is s's records by name, what a caller keeps for the next
// build (Options.Previous, Options.SpareRecords).
func recordMap(s WriteStats) map[string]Record {
	m := make(map[string]Record, len(s.Records))
	for _, r := range s.Records {
		m[r.Name] = r
	}
	return m
}

// sameDir reports whether the directory open as f is now at p. The open
// directory keeps its inode from being reused by a new one.
func sameDir(t *testing.T, f *os.File, p string) bool {
	t.Helper()
	a, err := f.Stat()
	require.NoError(t, err)
	b, err := os.Lstat(p)
	require.NoError(t, err)
	return os.SameFile(a, b)
}

// TestSpareBroughtUpToDate publishes a series of catalogs with a spare
// tree, as errdex build does: after each build the site is exactly what
// a full build gives and its records describe it, the spare holds exactly
// the site before, and from the third build on the new site is the old
// spare brought up to date (the same directory), unchanged files keeping
// their time.
func TestSpareBroughtUpToDate(t *testing.T) {
	steps := []struct {
		name   string
		change func(*errdex.Catalog)
	}{
		{"first", func(*errdex.Catalog) {}},
		{"one fix", func(c *errdex.Catalog) { c.Lookup(errdex.WeCom, "40093").Meanings[0].Fix = "重新签名" }},
		{"another fix", func(c *errdex.Catalog) { c.Lookup(errdex.WeCom, "40093").Meanings[0].Fix = "再签名一次" }},
		{"nothing changed", func(c *errdex.Catalog) { c.Lookup(errdex.WeCom, "40093").Meanings[0].Fix = "再签名一次" }},
		{"a code gone", func(c *errdex.Catalog) {
			c.Lookup(errdex.WeCom, "40093").Meanings[0].Fix = "再签名一次"
			c.Codes = c.Codes[1:]
		}},
		{"back to the first", func(*errdex.Catalog) {}},
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	o := testOptions(out)
	o.Salt = "test"
	o.Spare = true
	var last, beforeLast *WriteStats
	for i, step := range steps {
		cat := testCatalog()
		step.change(cat)
		want, err := Files(cat, o)
		require.NoError(t, err, step.name)

		o.Previous, o.SpareRecords = nil, nil
		if last != nil {
			o.Previous = recordMap(*last)
		}
		if beforeLast != nil {
			o.SpareRecords = recordMap(*beforeLast)
		}
		var before *os.File
		if i >= 2 {
			before, err = os.Open(SpareDir(out))
			require.NoError(t, err)
		}
		stats, err := Publish(cat, o)
		require.NoError(t, err, step.name)
		assert.Equal(t, want, readTree(t, out), "%s: the site is a full build's", step.name)
		assert.Equal(t, walkLines(t, out), recordLines(stats), "%s: the records describe the site", step.name)
		if last == nil {
			assert.False(t, stats.Spare, "nothing replaced, nothing kept")
			assert.NoDirExists(t, SpareDir(out))
		} else {
			require.True(t, stats.Spare, step.name)
			assert.Equal(t, walkLines(t, SpareDir(out)), recordLines(*last), "%s: the spare is the site before", step.name)
		}
		if step.name == "nothing changed" {
			assert.Equal(t, stats.Files, stats.Reused, "nothing changed: every file taken as it was, none made")
		}
		if i >= 2 {
			assert.True(t, sameDir(t, before, out), "%s: the spare was brought up to date, not a new tree made", step.name)
			require.NoError(t, before.Close())
			assert.Positive(t, stats.Kept, step.name)
		}
		ents, err := os.ReadDir(dir)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(ents), 2, "%s: the site and its spare, nothing else", step.name)
		beforeLast, last = last, &stats
	}
}

// publishFiles publishes files with a spare that holds what holds says
// (nil: none known), the way Publish does, for trees no catalog makes.
func publishFiles(out string, files map[string][]byte, holds map[string]Record) (WriteStats, error) {
	var stats WriteStats
	err := publish(out, &stats, &spare{holds: holds}, func(dir, old string, holds map[string]Record) error {
		s := newTreeSink(dir, old, holds)
		err := writeTree(s, files)
		if err == nil {
			err = s.prune()
		}
		stats = s.stats()
		return err
	})
	return stats, err
}

// TestSpareTrees brings spares up to date across changes of a tree's
// shape: a file where a directory was and the reverse, a directory gone
// with everything under it. The file the new site changes is never
// written through: the published site keeps its bytes until the swap.
func TestSpareTrees(t *testing.T) {
	sites := []map[string][]byte{
		{"index.html": []byte("1"), "a/index.html": []byte("a1"), "x": []byte("file"), "deep/er/still/f": []byte("d")},
		{"index.html": []byte("1"), "a/index.html": []byte("a2"), "x/index.html": []byte("dir"), "deep/er/still/f": []byte("d")},
		{"index.html": []byte("2"), "a/index.html": []byte("a2"), "x": []byte("file again")},
		{"index.html": []byte("3"), "deep/er/g": []byte("g"), "x/y/z": []byte("z")},
		{"index.html": []byte("3"), "deep/er/g": []byte("g"), "x/y/z": []byte("z")},
	}
	for _, fallback := range []bool{false, true} {
		name := "exchange"
		if fallback {
			name = "two renames"
		}
		t.Run(name, func(t *testing.T) {
			if fallback {
				swapDirs = noExchange
				defer func() { swapDirs = exchange }()
			}
			dir := t.TempDir()
			out := filepath.Join(dir, "public")
			var last, beforeLast *WriteStats
			for i, files := range sites {
				var holds map[string]Record
				if beforeLast != nil {
					holds = recordMap(*beforeLast)
				}
				stats, err := publishFiles(out, files, holds)
				require.NoError(t, err, i)
				assert.Equal(t, files, readTree(t, out), "build %d", i)
				assert.Equal(t, walkLines(t, out), recordLines(stats), "build %d", i)
				if last != nil {
					assert.Equal(t, walkLines(t, SpareDir(out)), recordLines(*last), "build %d: the spare is the site before", i)
				}
				ents, err := os.ReadDir(dir)
				require.NoError(t, err)
				assert.LessOrEqual(t, len(ents), 2, "build %d: nothing left beside", i)
				beforeLast, last = last, &stats
			}
		})
	}
}

// TestSpareCrash kills a build that brings a spare up to date at each
// step: the published site is the old one or the new one, whole, and
// the next build, which knows nothing of the spare, goes through.
func TestSpareCrash(t *testing.T) {
	old := map[string][]byte{"index.html": []byte("old"), "a/index.html": []byte("same")}
	for _, step := range []string{stepWritten, stepMovedAside, stepSwapped} {
		for _, fallback := range []bool{false, true} {
			if step == stepMovedAside && !fallback {
				continue // an exchange has no such step
			}
			t.Run(step+map[bool]string{false: "", true: " two renames"}[fallback], func(t *testing.T) {
				if fallback {
					swapDirs = noExchange
					defer func() { swapDirs = exchange }()
				}
				out := filepath.Join(t.TempDir(), "public")
				first, err := publishFiles(out, map[string][]byte{"index.html": []byte("first"), "a/index.html": []byte("same")}, nil)
				require.NoError(t, err)
				_, err = publishFiles(out, old, nil)
				require.NoError(t, err)

				crashAt = step
				_, err = publishFiles(out, map[string][]byte{"index.html": []byte("new"), "a/index.html": []byte("same")}, recordMap(first))
				crashAt = ""
				require.ErrorIs(t, err, errCrash)

				require.NoError(t, Recover(out))
				data, err := os.ReadFile(filepath.Join(out, "index.html"))
				require.NoError(t, err)
				assert.Contains(t, []string{"old", "new"}, string(data))
				if step == stepWritten {
					assert.Equal(t, old, readTree(t, out), "not swapped: the old site, not written through")
				}

				stats, err := publishFiles(out, map[string][]byte{"index.html": []byte("newer")}, nil)
				require.NoError(t, err)
				assert.Equal(t, map[string][]byte{"index.html": []byte("newer")}, readTree(t, out))
				assert.Equal(t, walkLines(t, out), recordLines(stats))
			})
		}
	}
}

// TestSpareKeepsTimes: a file the new site holds unchanged keeps its
// modification time whichever tree it is taken from.
func TestSpareKeepsTimes(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	s1, err := publishFiles(out, map[string][]byte{"keep": []byte("k"), "change": []byte("1")}, nil)
	require.NoError(t, err)
	require.NoError(t, os.Chtimes(filepath.Join(out, "keep"), past, past))
	s1 = recordsNow(t, out, s1)
	_, err = publishFiles(out, map[string][]byte{"keep": []byte("k"), "change": []byte("2")}, nil)
	require.NoError(t, err)
	_, err = publishFiles(out, map[string][]byte{"keep": []byte("k"), "change": []byte("3")}, recordMap(s1))
	require.NoError(t, err)
	fi, err := os.Stat(filepath.Join(out, "keep"))
	require.NoError(t, err)
	assert.Equal(t, past, fi.ModTime().UTC())
}

// recordsNow is s with each file's record read again from the tree at
// dir (after a test changed a time).
func recordsNow(t *testing.T, dir string, s WriteStats) WriteStats {
	t.Helper()
	for i, r := range s.Records {
		fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(r.Name)))
		require.NoError(t, err)
		s.Records[i].ModTime = fi.ModTime().UnixNano()
	}
	return s
}
