package loadtest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

// FS returns the files of the txtar archive as a file system. Leading
// newlines of the archive are dropped, so a test may start its raw string
// on the line after the backquote.
func FS(archive string) fstest.MapFS {
	a := txtar.Parse([]byte(strings.TrimLeft(archive, "\n")))
	m := fstest.MapFS{}
	for _, f := range a.Files {
		m[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return m
}

// Overlay returns base with the archive's files added or replacing base's,
// for a test that needs the shipped content with one file changed.
func Overlay(base fs.FS, archive string) (fstest.MapFS, error) {
	m := fstest.MapFS{}
	err := fs.WalkDir(base, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(base, p)
		if err != nil {
			return err
		}
		m[p] = &fstest.MapFile{Data: data, Mode: 0o644}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for name, f := range FS(archive) {
		m[name] = f
	}
	return m, nil
}

// Write writes the archive's files into a new directory "content" under the
// test's temporary directory and returns its path, for a test that runs
// the CLI on a content tree on disk.
func Write(t testing.TB, archive string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, FS(archive)); err != nil {
		t.Fatal(err)
	}
	return dir
}
