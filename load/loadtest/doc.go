// Package loadtest turns a content tree written inline as a txtar archive
// into an fs.FS, so a test states the small site it builds where it is read
// (as Hugo's integration tests do) instead of copying content/ and patching
// it.
package loadtest
