package render

import (
	"io/fs"
	"os"
	"syscall"
)

// writeFile creates the file p holding data and returns its information.
// It makes the system calls itself: os.WriteFile would also set the file
// non-blocking and try to register it with the poller, three more calls
// per file, a tenth of a build's system time.
func writeFile(p string, data []byte) (fs.FileInfo, error) {
	fd, err := syscall.Open(p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
	for err == syscall.EINTR {
		fd, err = syscall.Open(p, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
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
	if err := syscall.Close(fd); err != nil {
		return nil, &fs.PathError{Op: "close", Path: p, Err: err}
	}
	return os.Lstat(p)
}

// syscallUnlink removes the file p, with one system call.
func syscallUnlink(p string) error { return syscall.Unlink(p) }

// syscallRmdir removes the empty directory p, with one system call.
func syscallRmdir(p string) error { return syscall.Rmdir(p) }
