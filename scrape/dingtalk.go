package scrape

import (
	"errors"
	"io"

	"errdex"
)

// parseDingTalk is a placeholder until the dingtalk adapter lands.
func parseDingTalk(r io.Reader, src errdex.Source) (errdex.Harvest, error) {
	return errdex.Harvest{}, errors.New("dingtalk adapter: not implemented")
}
