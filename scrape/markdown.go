package scrape

import (
	"errors"
	"io"

	"errdex"
)

// parseMarkdown is a placeholder until the markdown adapter lands.
func parseMarkdown(r io.Reader, src errdex.Source) (errdex.Harvest, error) {
	return errdex.Harvest{}, errors.New("markdown adapter: not implemented")
}
