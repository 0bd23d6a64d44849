package scrape

import (
	"errors"
	"io"

	"errdex"
)

// parsePipe is a placeholder until the pipe adapter lands.
func parsePipe(r io.Reader, src errdex.Source) (errdex.Harvest, error) {
	return errdex.Harvest{}, errors.New("pipe adapter: not implemented")
}
