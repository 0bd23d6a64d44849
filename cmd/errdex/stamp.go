package main

import (
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
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"errdex/render"
)

// A build stamp lets a build where nothing changed stop early, and one
// where little changed render only what changed. It records a digest of
// everything the build read (the errdex binary itself, by its Go build ID
// or else its bytes; the content tree; template and static overrides; the
// flags that change the output), the modification time of every
// directory of the site it published, and a record of every file
// (render.Record: the digest of the file's inputs, its size, mode and
// time). It lives beside the site, as .<out>.stamp, so it is never
// published. When the digest matches and the site's directories and files
// are as recorded, the site at out is exactly what this build would
// write, and is left alone; otherwise the records let the build take from
// the old site every page whose inputs did not change, without rendering
// it.
//
// The stamp is text: "errdex-stamp 3", then the input digest and the salt
// (saltDigest) on one line, then one line per directory of the site, the
// site's own first: "d", its modification time (Unix nanoseconds) and its
// quoted name ("." for the site); then one line per file: digest, size,
// mode, modification time and the quoted name.
//
// A build checks that the site is as its stamp says by looking up each
// recorded directory and file (siteAsRecorded), not by reading every
// directory: a file added, removed or renamed changes its directory's
// modification time, a file written changes its own. That is 17,000
// lookups for the shipped site instead of the 44,000 system calls of
// reading it whole (what format 2 did, for a digest of the tree), the most
// of a build where nothing changed. Like a file's, a directory's time
// moves with the kernel's clock tick (up to 10 ms): a change made within
// the tick of the build's own last write there would go unseen, by this
// check as by a file's time.

// stampMagic is the first line of a stamp of this format.
const stampMagic = "errdex-stamp 3"

// stampPath is where the stamp of the site at out is kept.
func stampPath(out string) string {
	out = filepath.Clean(out)
	return filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".stamp")
}

// spareStampPath is where the stamp of the spare tree beside the site at
// out (render.SpareDir) is kept: the stamp of the build that published
// that tree, moved there when the build after it kept it aside.
func spareStampPath(out string) string { return render.SpareDir(out) + ".stamp" }

// stamp is what a stamp holds.
type stamp struct {
	in, salt string
	files    []render.Record // the site's files, in name order
	dirs     []dirTime       // the site's directories, "." first
}

// dirTime is a directory of the site and its modification time.
type dirTime struct {
	name  string
	mtime int64
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

// readStamp reads the stamp of the site at out. A missing or unreadable
// stamp is nil. The stamp is read
// whole and its names are parts of that one string: a build where nothing
// changed reads the 17,000 lines of the shipped site's stamp.
func readStamp(out string) *stamp {
	return readStampFile(stampPath(out))
}

// readStampFile reads the stamp at p; nil when missing or unreadable.
func readStampFile(p string) *stamp {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	// The names of the records are parts of this one string; data is
	// not used again, so it is not copied (a megabyte for the shipped
	// site's stamp).
	text := unsafe.String(unsafe.SliceData(data), len(data))
	magic, text, ok1 := strings.Cut(text, "\n")
	headLine, text, ok2 := strings.Cut(text, "\n")
	if !ok1 || !ok2 || magic != stampMagic {
		return nil
	}
	head := strings.Fields(headLine)
	if len(head) != 2 {
		return nil
	}
	st := &stamp{in: head[0], salt: head[1]}
	// A line per directory ("d …", first), then a line per file.
	dirs := strings.Count(text, "\nd ")
	if strings.HasPrefix(text, "d ") {
		dirs++
	}
	st.dirs = make([]dirTime, 0, dirs)
	st.files = make([]render.Record, 0, strings.Count(text, "\n")-dirs+1)
	for text != "" {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		if d, ok := strings.CutPrefix(line, "d "); ok {
			mtime, rest, ok := strings.Cut(d, " ")
			t, err1 := strconv.ParseInt(mtime, 10, 64)
			name, err2 := unquote(rest)
			if !ok || err1 != nil || err2 != nil {
				return nil
			}
			st.dirs = append(st.dirs, dirTime{name, t})
			continue
		}
		var f [4]string
		rest := line
		for i := range f {
			var ok bool
			if f[i], rest, ok = strings.Cut(rest, " "); !ok {
				return nil
			}
		}
		size, err1 := strconv.ParseInt(f[1], 10, 64)
		mode, err2 := strconv.ParseUint(f[2], 10, 32)
		mtime, err3 := strconv.ParseInt(f[3], 10, 64)
		name, err4 := unquote(rest)
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return nil
		}
		digest := f[0]
		if digest == "-" {
			digest = ""
		}
		st.files = append(st.files, render.Record{Name: name, Digest: digest, Size: size, Mode: fs.FileMode(mode), ModTime: mtime})
	}
	return st
}

// unquote is strconv.Unquote, without a copy for a name that has nothing
// to unescape.
func unquote(q string) (string, error) {
	if len(q) >= 2 && q[0] == '"' && q[len(q)-1] == '"' && !strings.ContainsAny(q[1:len(q)-1], "\\\"") && utf8.ValidString(q) {
		return q[1 : len(q)-1], nil
	}
	return strconv.Unquote(q)
}

// recordMap is the stamp's file records by name.
func (st *stamp) recordMap() map[string]render.Record {
	m := make(map[string]render.Record, len(st.files))
	for _, r := range st.files {
		m[r.Name] = r
	}
	return m
}

// spareRecords are the records of the spare tree beside the site at out
// (render.SpareDir), when its stamp is there and every directory of the
// tree has its recorded time, so that the tree holds no entry but the
// recorded ones (the build checks each file it takes from the tree); nil
// otherwise.
func spareRecords(out string) map[string]render.Record {
	st := readStampFile(spareStampPath(out))
	if st == nil || len(st.dirs) == 0 || st.dirs[0].name != "." {
		return nil
	}
	if !siteAsRecorded(render.SpareDir(out), &stamp{dirs: st.dirs}) {
		return nil
	}
	return st.recordMap()
}

// upToDate reports whether st, the stamp of the site at out, is that of a
// build from the inputs with digest in, and the site is as that build
// left it.
func upToDate(out string, st *stamp, in string) bool {
	if st == nil || in == "" || st.in != in || len(st.dirs) == 0 || st.dirs[0].name != "." {
		return false
	}
	return siteAsRecorded(out, st)
}

// siteAsRecorded reports whether every directory of the stamp st has its
// recorded modification time (so no entry was added, removed or renamed
// in it) and every file its recorded size, mode and time, looking them up
// on every core.
func siteAsRecorded(out string, st *stamp) bool {
	t, err := openTree(out)
	if err != nil {
		return false
	}
	defer t.close()
	files := st.files
	n := len(st.dirs) + len(files)
	same := func(i int) bool {
		if i < len(st.dirs) {
			d := st.dirs[i]
			_, mode, mtime, ok := t.lstat(d.name)
			return ok && mode.IsDir() && mtime == d.mtime
		}
		r := files[i-len(st.dirs)]
		size, mode, mtime, ok := t.lstat(r.Name)
		return ok && mode == r.Mode && size == r.Size && mtime == r.ModTime
	}
	return forEach(n, same)
}

// forEach calls f for 0 ≤ i < n on every core and reports whether each
// call returned true; it stops at the first false.
func forEach(n int, f func(i int) bool) bool {
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			const chunk = 256
			for !failed.Load() {
				i := int(next.Add(chunk)) - chunk
				if i >= n {
					return
				}
				for j := i; j < min(i+chunk, n); j++ {
					if !f(j) {
						failed.Store(true)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	return !failed.Load()
}

// dirTimes is the site's directories with their modification times, the
// site itself (".") first, then dirs.
func dirTimes(out string, dirs []string) ([]dirTime, error) {
	t, err := openTree(out)
	if err != nil {
		return nil, err
	}
	defer t.close()
	all := append([]string{"."}, dirs...)
	times := make([]dirTime, len(all))
	if !forEach(len(all), func(i int) bool {
		_, mode, mtime, ok := t.lstat(all[i])
		times[i] = dirTime{all[i], mtime}
		return ok && mode.IsDir()
	}) {
		return nil, fmt.Errorf("%s: a directory of the new site could not be looked up", out)
	}
	return times, nil
}

// writeStamp records that the site at out was built from inputs in with
// salt, publishing what stats says.
func writeStamp(out, in, salt string, stats render.WriteStats) error {
	dirs, err := dirTimes(out, stats.Dirs)
	if err != nil {
		return err
	}
	b := make([]byte, 0, 64*(len(dirs)+len(stats.Records))+256)
	b = append(b, stampMagic+"\n"+in+" "+salt+"\n"...)
	for _, d := range dirs {
		b = append(b, "d "...)
		b = strconv.AppendInt(b, d.mtime, 10)
		b = append(b, ' ')
		b = strconv.AppendQuote(b, d.name)
		b = append(b, '\n')
	}
	for _, r := range stats.Records {
		if r.Digest == "" {
			b = append(b, '-')
		}
		b = append(b, r.Digest...)
		b = append(b, ' ')
		b = strconv.AppendInt(b, r.Size, 10)
		b = append(b, ' ')
		b = strconv.AppendUint(b, uint64(uint32(r.Mode)), 10)
		b = append(b, ' ')
		b = strconv.AppendInt(b, r.ModTime, 10)
		b = append(b, ' ')
		b = strconv.AppendQuote(b, r.Name)
		b = append(b, '\n')
	}
	p := stampPath(out)
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, p)
}

// setStampsAside is what a build does with the stamps before it
// replaces the site at out: the spare's stamp is removed (the build
// changes that tree), and the site's is moved aside, to become the
// spare's if the build keeps the site it replaces (keepStamps).
func setStampsAside(out string) error {
	next := spareStampPath(out) + ".next"
	for _, p := range []string{spareStampPath(out), next} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := os.Rename(stampPath(out), next); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// keepStamps ends what setStampsAside began, once the build is done
// (ok) or failed: the replaced site's stamp becomes the spare's when the
// build kept that site as the spare (spare). Otherwise it is removed, and
// so is any spare tree, which no stamp describes any more (a build with
// -verify writes a new tree and keeps none; a failed one may have left
// the spare half brought up to date).
func keepStamps(out string, ok, spare bool) error {
	next := spareStampPath(out) + ".next"
	if ok && spare {
		if err := os.Rename(next, spareStampPath(out)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		return nil
	}
	if err := os.Remove(next); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.RemoveAll(render.SpareDir(out))
}
