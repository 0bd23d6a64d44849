//go:build !linux

package main

import (
	"io/fs"
	"os"
	"path/filepath"
)

// tree looks up the entries of a directory by their slash paths in it.
type tree struct {
	root string
}

// openTree opens the directory root for lookups.
func openTree(root string) (*tree, error) {
	if _, err := os.Lstat(root); err != nil {
		return nil, err
	}
	return &tree{root: root}, nil
}

// close releases the directory.
func (t *tree) close() {}

// lstat is what os.Lstat says of the entry name (a slash path in the
// tree, "." for the tree itself): its size, mode and modification time
// in Unix nanoseconds; ok is false when it cannot be looked up.
func (t *tree) lstat(name string) (size int64, mode fs.FileMode, mtime int64, ok bool) {
	fi, err := os.Lstat(filepath.Join(t.root, filepath.FromSlash(name)))
	if err != nil {
		return 0, 0, 0, false
	}
	return fi.Size(), fi.Mode(), fi.ModTime().UnixNano(), true
}
