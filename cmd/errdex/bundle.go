package main

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"errdex/render"
)

func cmdBundle(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bundle", stderr)
	var sf siteFlags
	sf.register(fs, true)
	out := fs.String("o", "errdex-offline.zip", "zip file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cat, _, err := load(sf.content)
	if err != nil {
		return err
	}
	o, err := sf.options("")
	if err != nil {
		return err
	}
	o.Bundle = true
	files, err := render.Files(cat, o)
	if err != nil {
		return err
	}
	if err := writeZip(*out, files); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "errdex: wrote %s (%d files); unzip it anywhere and open errdex/index.html\n", *out, len(files))
	return nil
}

// zipNames returns the names of files in order, after checking that each
// is one entry of its own: a clean relative path (no "", ".", "..",
// leading slash or backslash), and no file is also a directory of another
// (a and a/b). Zip readers would otherwise overwrite or drop entries.
func zipNames(files map[string][]byte) ([]string, error) {
	names := make([]string, 0, len(files))
	for n := range files {
		if n == "" || path.Clean(n) != n || n == "." || strings.HasPrefix(n, "/") || strings.HasPrefix(n, "../") || n == ".." || strings.Contains(n, "\\") {
			return nil, fmt.Errorf("bundle: file %q is not a clean site-relative path", n)
		}
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		for d := path.Dir(n); d != "."; d = path.Dir(d) {
			if _, ok := files[d]; ok {
				return nil, fmt.Errorf("bundle: %s is both a file and the directory of %s", d, n)
			}
		}
	}
	return names, nil
}

// writeZip writes files under the folder errdex/ of a zip, in name order
// and with a fixed time, so the same site gives the same bytes.
func writeZip(name string, files map[string][]byte) (err error) {
	tmp := name + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	zw := zip.NewWriter(f)
	names, err := zipNames(files)
	if err != nil {
		return err
	}
	epoch := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, n := range names {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: "errdex/" + n, Method: zip.Deflate, Modified: epoch})
		if err != nil {
			return fmt.Errorf("bundle: %w", err)
		}
		if _, err := w.Write(files[n]); err != nil {
			return fmt.Errorf("bundle: %w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("bundle: %w", err)
	}
	return os.Rename(tmp, name)
}
