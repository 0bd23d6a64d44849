package scrape

import (
	"errors"
	"io"

	"errdex"
)

// parseTSV is a placeholder until the tsv adapter lands.
func parseTSV(r io.Reader, src errdex.Source) (errdex.Harvest, error) {
	return errdex.Harvest{}, errors.New("tsv adapter: not implemented")
}
