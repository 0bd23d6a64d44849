//go:build !linux

package render

// treeLines is the line of every directory and file under dir (the root
// not included), for TreeDigest.
func treeLines(dir string) ([]string, error) { return walkTreeLines(dir) }
