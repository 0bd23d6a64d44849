package render

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// treeLines is the line of every directory and file under dir (the root
// not included), for TreeDigest: the same lines filepath.WalkDir gives
// (walkTreeLines, TestTreeLines), in any order. A build where nothing
// changed spends most of its time here, so the root's directories are
// walked on every core, and each entry is looked up from its directory's
// open descriptor, a directory by the type its entry gives.
func treeLines(dir string) ([]string, error) {
	fi, err := lstatMode(dir)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: dir, Err: unix.ENOTDIR}
	}
	w := &treeWalk{root: dir}
	lines, top, err := w.read("")
	if err != nil {
		return nil, err
	}
	workers := min(runtime.GOMAXPROCS(0), len(top))
	out := make([][]string, workers)
	errs := make([]error, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := range workers {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(top) && errs[k] == nil; i = int(next.Add(1) - 1) {
				out[k], errs[k] = w.walk(top[i], out[k])
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, l := range out {
		lines = append(lines, l...)
	}
	return lines, nil
}

// treeWalk is one treeLines walk.
type treeWalk struct {
	root string
}

// walk appends to lines those of everything under directory rel.
func (w *treeWalk) walk(rel string, lines []string) ([]string, error) {
	more, subdirs, err := w.read(rel)
	if err != nil {
		return lines, err
	}
	lines = append(lines, more...)
	for _, d := range subdirs {
		if lines, err = w.walk(d, lines); err != nil {
			return lines, err
		}
	}
	return lines, nil
}

// read is the lines of directory rel's entries and its directories.
func (w *treeWalk) read(rel string) (lines, subdirs []string, err error) {
	p := filepath.Join(w.root, filepath.FromSlash(rel))
	fd, err := unix.Open(p, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, nil, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	defer unix.Close(fd)
	ents, err := readEntries(fd)
	if err != nil {
		return nil, nil, &fs.PathError{Op: "readdirent", Path: p, Err: err}
	}
	for _, e := range ents {
		name := e.name
		if rel != "" {
			name = rel + "/" + e.name
		}
		if e.typ == unix.DT_DIR {
			lines = append(lines, dirLine(name))
			subdirs = append(subdirs, name)
			continue
		}
		var st unix.Stat_t
		if err := unix.Fstatat(fd, e.name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
			return nil, nil, &fs.PathError{Op: "lstat", Path: filepath.Join(p, e.name), Err: err}
		}
		mode := fileMode(st.Mode)
		if mode.IsDir() { // a file system that does not give types
			lines = append(lines, dirLine(name))
			subdirs = append(subdirs, name)
			continue
		}
		lines = append(lines, fileLine(name, mode, st.Size, st.Mtim.Sec*1e9+st.Mtim.Nsec))
	}
	return lines, subdirs, nil
}

// dirent is a directory entry's name and type (unix.DT_*, DT_UNKNOWN
// when the file system does not say).
type dirent struct {
	name string
	typ  uint8
}

// readEntries is the entries of the open directory fd, "." and ".." left
// out: a directory's type comes with its name, so directories need no
// stat of their own.
func readEntries(fd int) ([]dirent, error) {
	var ents []dirent
	buf := make([]byte, 32<<10)
	for {
		n, err := unix.ReadDirent(fd, buf)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n <= 0 {
			return ents, nil
		}

		for b := buf[:n]; len(b) > 0; {
			// struct linux_dirent64: ino 8, off 8, reclen 2, type 1, name.
			if len(b) < 19 {
				return nil, unix.EINVAL
			}
			reclen := int(binary.NativeEndian.Uint16(b[16:18]))
			if reclen < 19 || reclen > len(b) {
				return nil, unix.EINVAL
			}
			name := b[19:reclen]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			if s := string(name); s != "." && s != ".." {
				ents = append(ents, dirent{name: s, typ: b[18]})
			}
			b = b[reclen:]
		}
	}
}

// lstatMode is os.Lstat's mode of p.
func lstatMode(p string) (fs.FileMode, error) {
	var st unix.Stat_t
	if err := unix.Lstat(p, &st); err != nil {
		return 0, &fs.PathError{Op: "lstat", Path: p, Err: err}
	}
	return fileMode(st.Mode), nil
}

// fileMode is the fs.FileMode of a stat's mode, as os.Lstat gives it.
func fileMode(m uint32) fs.FileMode {
	mode := fs.FileMode(m & 0o777)
	switch m & unix.S_IFMT {
	case unix.S_IFBLK:
		mode |= fs.ModeDevice
	case unix.S_IFCHR:
		mode |= fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFDIR:
		mode |= fs.ModeDir
	case unix.S_IFIFO:
		mode |= fs.ModeNamedPipe
	case unix.S_IFLNK:
		mode |= fs.ModeSymlink
	case unix.S_IFSOCK:
		mode |= fs.ModeSocket
	}
	if m&unix.S_ISGID != 0 {
		mode |= fs.ModeSetgid
	}
	if m&unix.S_ISUID != 0 {
		mode |= fs.ModeSetuid
	}
	if m&unix.S_ISVTX != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}
