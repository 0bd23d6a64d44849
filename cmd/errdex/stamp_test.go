package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"errdex/load/loadtest"

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
