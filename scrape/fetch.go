package scrape

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"

	"golang.org/x/net/html/charset"
)

// maxPage bounds how much of a live page Fetch reads.
const maxPage = 32 << 20

// Fetch downloads a live error-code page and returns it as UTF-8, whatever
// charset the server or the page declares (GBK pages are common).
func Fetch(ctx context.Context, client *http.Client, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	req.Header.Set("User-Agent", "errdex-fetch (+https://github.com/errdex; static documentation generator)")
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch %s: HTTP %s", url, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPage+1))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", url, err)
	}
	if len(body) > maxPage {
		return nil, fmt.Errorf("fetch %s: page larger than %d bytes", url, maxPage)
	}
	r, err := charset.NewReader(bytes.NewReader(body), resp.Header.Get("Content-Type"))
	if err != nil {
		return nil, fmt.Errorf("fetch %s: charset: %w", url, err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: decode: %w", url, err)
	}
	return out, nil
}
