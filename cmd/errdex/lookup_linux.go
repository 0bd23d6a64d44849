package main

import (
	"io/fs"
	"syscall"

	"golang.org/x/sys/unix"
)

// tree looks up the entries of a directory by their slash paths in it,
// each with one fstatat relative to the directory: no path joined, no
// os.FileInfo made, and the directory's own path not walked again. The
// check of a build where nothing changed makes 17,000 of these lookups.
type tree struct {
	fd int
}

// openTree opens the directory root for lookups.
func openTree(root string) (*tree, error) {
	fd, err := unix.Open(root, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: root, Err: err}
	}
	return &tree{fd: fd}, nil
}

// close releases the directory.
func (t *tree) close() { unix.Close(t.fd) }

// lstat is what os.Lstat says of the entry name (a slash path in the
// tree, "." for the tree itself): its size, mode and modification time
// in Unix nanoseconds; ok is false when it cannot be looked up.
func (t *tree) lstat(name string) (size int64, mode fs.FileMode, mtime int64, ok bool) {
	var st unix.Stat_t
	for {
		err := unix.Fstatat(t.fd, name, &st, unix.AT_SYMLINK_NOFOLLOW)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, 0, 0, false
		}
		break
	}
	return st.Size, fileMode(st.Mode), st.Mtim.Sec*1e9 + st.Mtim.Nsec, true
}

// fileMode is the fs.FileMode of a stat mode, as os.Lstat makes it.
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
