package render

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// writeFile creates the file p holding data and returns its information.
// p must not exist: a file there may be a hard link to a published one,
// which must never be written through (O_EXCL). It makes the system
// calls itself: os.WriteFile would also set the file non-blocking and try
// to register it with the poller, three more calls per file, a tenth of a
// build's system time; and it asks the open file for its information,
// where os.Lstat would look the path up again.
func writeFile(p string, data []byte) (fs.FileInfo, error) {
	fd, err := syscall.Open(p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
	for err == syscall.EINTR {
		fd, err = syscall.Open(p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_CLOEXEC, 0o644)
	}
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return nil, &fs.PathError{Op: "write", Path: p, Err: err}
		}
		data = data[n:]
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		syscall.Close(fd)
		return nil, &fs.PathError{Op: "fstat", Path: p, Err: err}
	}
	if err := syscall.Close(fd); err != nil {
		return nil, &fs.PathError{Op: "close", Path: p, Err: err}
	}
	return &fileInfo{name: filepath.Base(p), size: st.Size, mode: fs.FileMode(st.Mode & 0o777), mtime: time.Unix(st.Mtim.Sec, st.Mtim.Nsec)}, nil
}

// fileInfo is what writeFile knows of the regular file it wrote.
type fileInfo struct {
	name  string
	size  int64
	mode  fs.FileMode
	mtime time.Time
}

func (f *fileInfo) Name() string       { return f.name }
func (f *fileInfo) Size() int64        { return f.size }
func (f *fileInfo) Mode() fs.FileMode  { return f.mode }
func (f *fileInfo) ModTime() time.Time { return f.mtime }
func (f *fileInfo) IsDir() bool        { return false }
func (f *fileInfo) Sys() any           { return nil }

// syscallUnlink removes the file p, with one system call.
func syscallUnlink(p string) error { return syscall.Unlink(p) }

// syscallRmdir removes the empty directory p, with one system call.
func syscallRmdir(p string) error { return syscall.Rmdir(p) }

// exchange swaps the directories a and b, atomically: at no moment is
// either name missing (renameat2 with RENAME_EXCHANGE, Linux 3.15, on
// ext4, XFS, Btrfs, tmpfs and most local file systems). It fails on a
// file system without it.
func exchange(a, b string) error {
	if err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE); err != nil {
		return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
	}
	return nil
}
