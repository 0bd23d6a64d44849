//go:build !linux

package render

import (
	"errors"
	"io/fs"
	"os"
)

// writeFile creates the file p holding data and returns its information.
// p must not exist (see the Linux version).
func writeFile(p string, data []byte) (fs.FileInfo, error) {
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	return os.Lstat(p)
}

// exchange would swap the directories a and b atomically; here it cannot,
// and the caller renames them one after the other.
func exchange(a, b string) error {
	return &os.LinkError{Op: "exchange", Old: a, New: b, Err: errors.ErrUnsupported}
}

// syscallUnlink removes the file p.
func syscallUnlink(p string) error { return os.Remove(p) }

// syscallRmdir removes the empty directory p.
func syscallRmdir(p string) error { return os.Remove(p) }
