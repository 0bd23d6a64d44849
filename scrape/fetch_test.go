package scrape

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func TestFetch(t *testing.T) {
	page := `<html><head><meta charset="gbk"></head><body><table><tbody><tr><td>40014</td><td>不合法的access_token</td><td>查看帮助</td></tr></tbody></table></body></html>`
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(page)
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/gbk":
			w.Header().Set("Content-Type", "text/html; charset=gbk")
			w.Write([]byte(gbk))
		case "/meta":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(gbk))
		case "/utf8":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(page))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	for _, tc := range []struct{ name, path, wantErr string }{
		{"gbk header", "/gbk", ""},
		{"gbk meta", "/meta", ""},
		{"utf-8", "/utf8", ""},
		{"not found", "/missing", "404"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Fetch(context.Background(), srv.Client(), srv.URL+tc.path)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Contains(t, string(got), "不合法的access_token")
		})
	}
}
