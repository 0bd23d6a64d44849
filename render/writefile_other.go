//go:build !linux

package render

import (
	"io/fs"
	"os"
)

// writeFile creates the file p holding data and returns its information.
func writeFile(p string, data []byte) (fs.FileInfo, error) {
	if err := os.WriteFile(p, data, 0o644); err != nil {
		return nil, err
	}
	return os.Lstat(p)
}

// syscallUnlink removes the file p.
func syscallUnlink(p string) error { return os.Remove(p) }

// syscallRmdir removes the empty directory p.
func syscallRmdir(p string) error { return os.Remove(p) }
