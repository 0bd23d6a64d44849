package errdex

import (
	"errors"
	"fmt"
	"path"
)

// Error is a problem in one file of a content tree: the file, the line
// when it is known, and what is wrong (with what to do). Every reader of
// content (the scrape adapters, the manifest and curation loaders, package
// load) reports a problem in a file as an *Error, so a caller can find the
// file and line with errors.As and print them once.
type Error struct {
	File string // the file's slash-separated path, inside the content tree
	Line int    // 1-based line, 0 when not known
	Err  error  // what is wrong, and what to do about it
}

// Error formats the error as "file:line: message", or "file: message"
// when the line is not known.
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// In returns a copy of the error whose File is inside the directory dir
// (slash-separated), for a caller that names the content tree: a tree
// read from "content" reports "content/sources.toml:12: …".
func (e *Error) In(dir string) *Error {
	c := *e
	if dir != "" {
		c.File = path.Join(dir, e.File)
	}
	return &c
}

// Errorf returns an *Error at file:line (line 0 when not known) whose
// message is formatted as fmt.Errorf formats it (%w wraps).
func Errorf(file string, line int, format string, args ...any) error {
	return &Error{File: file, Line: line, Err: fmt.Errorf(format, args...)}
}

// ErrorAt returns err as an *Error at file:line. An err that already is an
// *Error keeps its own file and line.
func ErrorAt(file string, line int, err error) error {
	if err == nil {
		return nil
	}
	var fe *Error
	if errors.As(err, &fe) && error(fe) == err {
		return err
	}
	return &Error{File: file, Line: line, Err: err}
}
