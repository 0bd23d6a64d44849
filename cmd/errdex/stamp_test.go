package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"errdex/load/loadtest"
	"errdex/render"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRebuild builds a small site, then builds again: with nothing
// changed the site is left alone (no file rewritten); a changed content
// page, or a site changed by hand, makes a real build, which keeps the
// files whose bytes did not change with their modification times.
func TestRebuild(t *testing.T) {
	content := loadtest.Write(t, smallSite)
	out := filepath.Join(t.TempDir(), "public")
	build := func() string {
		var stdout, stderr bytes.Buffer
		require.NoError(t, run([]string{"build", "-content", content, "-out", out}, &stdout, &stderr), stderr.String())
		return stdout.String()
	}
	require.Contains(t, build(), "errdex: built ")
	past := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	mtime := func(f string) time.Time {
		fi, err := os.Stat(filepath.Join(out, f))
		require.NoError(t, err)
		return fi.ModTime().UTC()
	}

	for _, tc := range []struct {
		name   string
		change func()
		want   string
	}{
		{"times changed by hand", func() {
			for _, f := range []string{"index.html", "about/index.html", "wecom/40014/index.html"} {
				require.NoError(t, os.Chtimes(filepath.Join(out, f), past, past))
			}
		}, "errdex: built "},
		{"nothing changed", func() {}, "nothing changed"},
		{"site changed by hand", func() {
			require.NoError(t, os.WriteFile(filepath.Join(out, "robots.txt"), []byte("x"), 0o644))
		}, "errdex: built "},
		{"again nothing changed", func() {}, "nothing changed"},
		{"a file added by hand", func() {
			require.NoError(t, os.WriteFile(filepath.Join(out, "wecom", "40014", "notes.txt"), []byte("x"), 0o644))
		}, "errdex: built "},
		{"nothing changed after the file was taken out", func() {}, "nothing changed"},
		{"a file removed by hand", func() {
			require.NoError(t, os.Remove(filepath.Join(out, "robots.txt")))
		}, "errdex: built "},
		{"a directory added by hand", func() {
			require.NoError(t, os.Mkdir(filepath.Join(out, "extra"), 0o755))
		}, "errdex: built "},
		{"a file renamed by hand", func() {
			require.NoError(t, os.Rename(filepath.Join(out, "about", "index.html"), filepath.Join(out, "about", "old.html")))
			require.NoError(t, os.Rename(filepath.Join(out, "about", "old.html"), filepath.Join(out, "about", "index.html")))
		}, "errdex: built "},
		{"nothing changed at last", func() {}, "nothing changed"},
		{"a content page changed", func() {
			p := filepath.Join(content, "pages", "about.md")
			data, err := os.ReadFile(p)
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(p, append(data, []byte("\nOne more line.\n")...), 0o644))
		}, "errdex: built "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A directory's time has the kernel's clock tick as its
			// resolution (up to 10 ms): a change within the tick of the
			// build's last write to that directory would not show.
			time.Sleep(20 * time.Millisecond)
			tc.change()
			assert.Contains(t, build(), tc.want)
			assert.Equal(t, past, mtime("index.html"), "unchanged bytes keep their time")
			assert.Equal(t, past, mtime("wecom/40014/index.html"), "unchanged bytes keep their time")
		})
	}
	assert.NotEqual(t, past, mtime("about/index.html"), "the changed page was written")
	data, err := os.ReadFile(filepath.Join(out, "about", "index.html"))
	require.NoError(t, err)
	assert.Contains(t, string(data), "One more line.")
}

// TestRebuildRelativeOut: a site built with a relative -out, as make
// does (-out public), is found unchanged by the next build.
func TestRebuildRelativeOut(t *testing.T) {
	content := loadtest.Write(t, smallSite)
	t.Chdir(t.TempDir())
	for i, want := range []string{"errdex: built ", "nothing changed"} {
		var stdout, stderr bytes.Buffer
		require.NoError(t, run([]string{"build", "-content", content, "-out", "public"}, &stdout, &stderr), stderr.String())
		assert.Contains(t, stdout.String(), want, "build %d", i+1)
	}
}

// TestGoBuildID: the build ID read from the program is the one the go
// command reports; a file that is not a Go program has none (its salt
// then hashes the whole file).
func TestGoBuildID(t *testing.T) {
	exe, err := os.Executable()
	require.NoError(t, err)
	want, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	got := goBuildID(exe)
	require.NotEmpty(t, got)
	assert.Equal(t, strings.TrimSpace(string(want)), got)

	text := filepath.Join(t.TempDir(), "x")
	require.NoError(t, os.WriteFile(text, []byte("not a program"), 0o755))
	assert.Empty(t, goBuildID(text))
}

// TestUnquote: the stamp's names read back as strconv.Unquote reads them.
func TestUnquote(t *testing.T) {
	for _, name := range []string{"index.html", "wecom/40014/index.html", "e f/\"q\".txt", "世界/a b", "a\\b", "tab\there", "\xff", ""} {
		q := strconv.Quote(name)
		got, err := unquote(q)
		require.NoError(t, err, q)
		assert.Equal(t, name, got, q)
	}
	for _, bad := range []string{`"open`, `x"`, `"a"b"`, ``} {
		_, err := unquote(bad)
		_, want := strconv.Unquote(bad)
		assert.Equal(t, want != nil, err != nil, bad)
	}
}

// TestRebuildSpare: a build keeps the site it replaces beside it, and the
// build after brings that spare up to date in place and swaps it in: the
// site is then the spare's directory, and exactly what a build into an
// empty directory gives. A spare changed by hand, or without its stamp,
// is not taken: the build makes a new tree, and the site is as right.
func TestRebuildSpare(t *testing.T) {
	content := loadtest.Write(t, smallSite)
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	spare := render.SpareDir(out)
	n := 0
	build := func() {
		t.Helper()
		var stdout, stderr bytes.Buffer
		require.NoError(t, run([]string{"build", "-content", content, "-out", out}, &stdout, &stderr), stderr.String())
		require.Contains(t, stdout.String(), "errdex: built ")
		// What a build into an empty directory gives.
		n++
		ref := filepath.Join(t.TempDir(), "ref")
		require.NoError(t, run([]string{"build", "-content", content, "-out", ref}, &stdout, &stderr), stderr.String())
		assert.Equal(t, treeFiles(t, ref), treeFiles(t, out), "build %d: the site is a new build's", n)
	}
	edit := func() {
		p := filepath.Join(content, "pages", "about.md")
		data, err := os.ReadFile(p)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(p, append(data, []byte("\nOne more line.\n")...), 0o644))
	}
	// sameDir reports whether the directory open as f is now at p. The
	// open directory keeps its inode from being reused by a new one.
	sameDir := func(f *os.File, p string) bool {
		a, err := f.Stat()
		require.NoError(t, err)
		b, err := os.Lstat(p)
		require.NoError(t, err)
		return os.SameFile(a, b)
	}
	beside := func() []string {
		ents, err := os.ReadDir(dir)
		require.NoError(t, err)
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		return names
	}

	build()
	assert.NoDirExists(t, spare, "nothing replaced yet")
	edit()
	build()
	assert.Equal(t, []string{".public.spare", ".public.spare.stamp", ".public.stamp", "public"}, beside())

	for _, tc := range []struct {
		name  string
		hand  func() // what is done to the spare by hand
		taken bool   // the spare is brought up to date and swapped in
	}{
		{"an edit", func() {}, true},
		{"another edit", func() {}, true},
		{"a file added to the spare", func() {
			require.NoError(t, os.WriteFile(filepath.Join(spare, "wecom", "stray.html"), []byte("x"), 0o644))
		}, false},
		{"after that", func() {}, true},
		{"a spare file changed in place", func() {
			f, err := os.OpenFile(filepath.Join(spare, "about", "index.html"), os.O_WRONLY|os.O_APPEND, 0)
			require.NoError(t, err)
			_, err = f.WriteString("<!-- by hand -->")
			require.NoError(t, err)
			require.NoError(t, f.Close())
		}, true},
		{"a build with -verify before", func() {
			var stdout, stderr bytes.Buffer
			require.NoError(t, run([]string{"build", "-verify", "-content", content, "-out", out}, &stdout, &stderr), stderr.String())
			assert.Equal(t, []string{".public.stamp", "public"}, beside(), "no spare kept, none left")
			edit()
			build()
			assert.Equal(t, []string{".public.spare", ".public.spare.stamp", ".public.stamp", "public"}, beside())
		}, true},
		{"the spare's stamp gone", func() {
			require.NoError(t, os.Remove(filepath.Join(dir, ".public.spare.stamp")))
		}, false},
		{"at last", func() {}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			time.Sleep(20 * time.Millisecond) // a directory's time moves with the clock tick
			tc.hand()
			before, err := os.Open(spare)
			require.NoError(t, err)
			defer before.Close()
			edit()
			build()
			assert.Equal(t, tc.taken, sameDir(before, out), "the spare is the new site: %t", tc.taken)
			assert.Equal(t, []string{".public.spare", ".public.spare.stamp", ".public.stamp", "public"}, beside())
		})
	}
}

// treeFiles reads every file under dir: slash path → content.
func treeFiles(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	}))
	return files
}

// TestTreeLstat: what the stamp's check looks up is what os.Lstat says,
// for every kind of entry a site may hold or a hand may put there.
func TestTreeLstat(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "f"), []byte("abc"), 0o640))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "d"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "d", "g"), nil, 0o600))
	require.NoError(t, os.Symlink("f", filepath.Join(dir, "link")))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "suid"), nil, 0o755))
	require.NoError(t, os.Chmod(filepath.Join(dir, "suid"), 0o755|fs.ModeSetuid|fs.ModeSetgid))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "sticky"), 0o755))
	require.NoError(t, os.Chmod(filepath.Join(dir, "sticky"), 0o777|fs.ModeSticky))
	tr, err := openTree(dir)
	require.NoError(t, err)
	defer tr.close()
	for _, name := range []string{".", "f", "d", "d/g", "link", "suid", "sticky"} {
		t.Run(name, func(t *testing.T) {
			fi, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name)))
			require.NoError(t, err)
			size, mode, mtime, ok := tr.lstat(name)
			require.True(t, ok)
			assert.Equal(t, fi.Mode(), mode)
			assert.Equal(t, fi.ModTime().UnixNano(), mtime)
			if !fi.IsDir() {
				assert.Equal(t, fi.Size(), size)
			}
		})
	}
	_, _, _, ok := tr.lstat("missing")
	assert.False(t, ok)
}
