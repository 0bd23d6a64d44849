package main

import (
	"bufio"
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"errdex/render"
)

// A build stamp lets a build where nothing changed stop early, and one
// where little changed render only what changed. It records a digest of
// everything the build read (the errdex binary itself, by its Go build ID
// or else its bytes; the content tree; template and static overrides; the
// flags that change the output), a digest of the site it published (render.TreeDigest: every file's path,
// size, mode and modification time), and a record of every file of the
// site (render.Record: the digest of the file's inputs, its size, mode
// and time). It lives beside the site, as .<out>.stamp, so it is never
// published. When the first two digests match, the site at out is
// exactly what this build would write, and is left alone; otherwise the
// records let the build take from the old site every page whose inputs
// did not change, without rendering it.
//
// The stamp is text: "errdex-stamp 2", then the input digest, the salt
// (saltDigest) and the tree digest on one line, then one line per file:
// digest, size, mode, modification time (Unix nanoseconds) and the
// quoted name.

// stampMagic is the first line of a stamp of this format.
const stampMagic = "errdex-stamp 2"

// stampPath is where the stamp of the site at out is kept.
func stampPath(out string) string {
	out = filepath.Clean(out)
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".stamp")
}

// stamp is what a stamp holds.
type stamp struct {
	in, salt, tree string
	records        map[string]render.Record
}

// saltDigest hashes what a build of sf reads besides the content tree:
// the program, the template and static overrides and the flags (extra)
// that change the output. It is render.Options.Salt.
func saltDigest(sf siteFlags, extra ...string) (string, error) {
	h := sha256.New()
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if id := goBuildID(exe); id != "" {
		fmt.Fprintf(h, "go build id %q\n", id)
	} else if err := hashFile(h, exe); err != nil {
		return "", err
	}
	fmt.Fprintf(h, "base-url %q\n", sf.baseURL)
	for _, e := range extra {
		fmt.Fprintf(h, "flag %q\n", e)
	}
	for _, d := range []struct{ name, dir string }{{"templates", sf.templates}, {"static", sf.static}} {
		if err := hashTree(h, d.name, d.dir); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// goBuildID is the Go build ID of the executable at exe, "" when it has
// none. The go command writes it into the program it links: a hash of the
// build's inputs and of the linked program, so two different programs do
// not share one. Reading it costs a few kilobytes where hashing the whole
// program (20 MB) cost about 18 ms, a tenth of a build where nothing
// changed; a program built without one (-ldflags=-buildid=) is hashed.
func goBuildID(exe string) string {
	f, err := elf.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return ""
	}
	data, err := sec.Data()
	// An ELF note: name size, description size, type (4 bytes each), the
	// name "Go\x00\x00", the description: the build ID.
	if err != nil || len(data) < 16 {
		return ""
	}
	nameSize := f.ByteOrder.Uint32(data[0:4])
	descSize := f.ByteOrder.Uint32(data[4:8])
	if nameSize != 4 || string(data[12:16]) != "Go\x00\x00" || uint64(len(data)) < 16+uint64(descSize) {
		return ""
	}
	return string(data[16 : 16+descSize])
}

// inputDigest hashes what a build reads: the salt and the content tree.
func inputDigest(sf siteFlags, salt string) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "salt %s\n", salt)
	if err := hashTree(h, "content", sf.content); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashTree hashes every file under dir ("" for none), named name.
func hashTree(h hash.Hash, name, dir string) error {
	fmt.Fprintf(h, "tree %s\n", name)
	if dir == "" {
		return nil
	}
	return filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		fmt.Fprintf(h, "file %q %v\n", filepath.ToSlash(rel), e.Type())
		return hashFile(h, p)
	})
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

// readStamp reads the stamp of the site at out; with records false, only
// its digests. A missing or unreadable stamp is nil.
func readStamp(out string, records bool) *stamp {
	f, err := os.Open(stampPath(out))
	if err != nil {
		return nil
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	if !sc.Scan() || sc.Text() != stampMagic || !sc.Scan() {
		return nil
	}
	head := strings.Fields(sc.Text())
	if len(head) != 3 {
		return nil
	}
	st := &stamp{in: head[0], salt: head[1], tree: head[2]}
	if !records {
		return st
	}
	st.records = map[string]render.Record{}
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), " ", 5)
		if len(f) != 5 {
			return nil
		}
		size, err1 := strconv.ParseInt(f[1], 10, 64)
		mode, err2 := strconv.ParseUint(f[2], 10, 32)
		mtime, err3 := strconv.ParseInt(f[3], 10, 64)
		name, err4 := strconv.Unquote(f[4])
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return nil
		}
		digest := f[0]
		if digest == "-" {
			digest = ""
		}
		st.records[name] = render.Record{Name: name, Digest: digest, Size: size, Mode: fs.FileMode(mode), ModTime: mtime}
	}
	if sc.Err() != nil {
		return nil
	}
	return st
}

// upToDate reports whether the site at out carries the stamp of a build
// from the inputs with digest in.
func upToDate(out, in string) bool {
	st := readStamp(out, false)
	if st == nil || st.in != in {
		return false
	}
	tree, err := render.TreeDigest(out)
	return err == nil && st.tree == tree
}

// writeStamp records that the site at out was built from inputs in with
// salt, publishing what stats says.
func writeStamp(out, in, salt string, stats render.WriteStats) error {
	p := stampPath(out)
	tmp := p + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "%s\n%s %s %s\n", stampMagic, in, salt, stats.Tree())
	for _, r := range stats.Records {
		digest := r.Digest
		if digest == "" {
			digest = "-"
		}
		fmt.Fprintf(w, "%s %d %d %d %q\n", digest, r.Size, uint32(r.Mode), r.ModTime, r.Name)
	}
	err = w.Flush()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
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
