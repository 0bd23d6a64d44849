package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A build stamp lets a build where nothing changed stop early: it records
// a digest of everything the build read (the errdex binary itself, the
// content tree, template and static overrides, the flags that change the
// output) and a digest of the site it published (every file's path, size,
// mode and modification time). It lives beside the site, as .<out>.stamp,
// so it is never published. When both digests match, the site at out is
// exactly what this build would write, and is left alone.

// stampPath is where the stamp of the site at out is kept.
func stampPath(out string) string {
	out = filepath.Clean(out)
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".stamp")
}

// inputDigest hashes what a build of sf into a site reads; extra are the
// flags that change the output.
func inputDigest(sf siteFlags, extra ...string) (string, error) {
	h := sha256.New()
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if err := hashFile(h, exe); err != nil {
		return "", err
	}
	fmt.Fprintf(h, "base-url %q\n", sf.baseURL)
	for _, e := range extra {
		fmt.Fprintf(h, "flag %q\n", e)
	}
	for _, d := range []struct{ name, dir string }{{"content", sf.content}, {"templates", sf.templates}, {"static", sf.static}} {
		fmt.Fprintf(h, "tree %s\n", d.name)
		if d.dir == "" {
			continue
		}
		err := filepath.WalkDir(d.dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(d.dir, p)
			fmt.Fprintf(h, "file %q %v\n", filepath.ToSlash(rel), e.Type())
			return hashFile(h, p)
		})
		if err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashFile(h hash.Hash, name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	n, err := io.Copy(h, f)
	fmt.Fprintf(h, "\n%d\n", n)
	return err
}

// treeDigest hashes the path, size, mode and modification time of every
// file and directory under out.
func treeDigest(out string) (string, error) {
	h := sha256.New()
	err := filepath.WalkDir(out, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := e.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		fmt.Fprintf(h, "%q %v %d %d\n", filepath.ToSlash(rel), fi.Mode(), fi.Size(), fi.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// upToDate reports whether the site at out carries the stamp of a build
// from the inputs with digest in.
func upToDate(out, in string) bool {
	data, err := os.ReadFile(stampPath(out))
	if err != nil {
		return false
	}
	f := strings.Fields(string(data))
	if len(f) != 2 || f[0] != in {
		return false
	}
	tree, err := treeDigest(out)
	return err == nil && f[1] == tree
}

// writeStamp records that the site at out was built from inputs in.
func writeStamp(out, in string) error {
	tree, err := treeDigest(out)
	if err != nil {
		return err
	}
	p := stampPath(out)
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(in+" "+tree+"\n"), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, p)
}

// removeStamp forgets the stamp of out, before out is replaced.
func removeStamp(out string) error {
	if err := os.Remove(stampPath(out)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
