package errdex

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestError(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"file and line", Errorf("sources.toml", 12, "format %q: use one of %v", "xls", []string{"tsv"}), `sources.toml:12: format "xls": use one of [tsv]`},
		{"line not known", Errorf("sources.toml", 0, "no [[source]] entries"), "sources.toml: no [[source]] entries"},
		{"wraps", ErrorAt("wecom.md", 0, fs.ErrNotExist), "wecom.md: file does not exist"},
		{"keeps its own place", ErrorAt("other.toml", 3, Errorf("errata.toml", 7, "bad")), "errata.toml:7: bad"},
		{"in a directory", Errorf("pages/about.md", 2, "bad").(*Error).In("content"), "content/pages/about.md:2: bad"},
		{"in no directory", Errorf("sources.toml", 2, "bad").(*Error).In(""), "sources.toml:2: bad"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.err.Error())
			var fe *Error
			require.True(t, errors.As(fmt.Errorf("wrapped: %w", tc.err), &fe))
		})
	}
	assert.ErrorIs(t, ErrorAt("x", 1, fs.ErrNotExist), fs.ErrNotExist, "Unwrap reaches the cause")
	assert.NoError(t, ErrorAt("x", 1, nil))
	e := Errorf("sources.toml", 4, "bad").(*Error)
	_ = e.In("content")
	assert.Equal(t, "sources.toml", e.File, "In copies")
}
