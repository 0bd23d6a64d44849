package scrape

import (
	"errors"
	"io"

	"errdex"
)

// parseHTML is a placeholder until the html adapter lands.
func parseHTML(r io.Reader, src errdex.Source) (errdex.Harvest, error) {
	return errdex.Harvest{}, errors.New("html adapter: not implemented")
}
