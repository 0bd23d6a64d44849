package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"

	"errdex"
	contentload "errdex/load"
)

func TestResponseCoverage(t *testing.T) {
	doc := errdex.Source{ID: "doc", Platform: errdex.WeCom}
	seen := errdex.Source{ID: "seen", Platform: errdex.WeCom, Format: "responses"}
	sighting := func(line int, p errdex.Platform, code, rule string) errdex.Entry {
		return errdex.Entry{Source: "seen", Line: line, Platform: p, Code: code, EN: "x, hint: [{hint}]", SeenAt: "https://example.com/", Rule: rule}
	}
	hs := []errdex.Harvest{
		{Source: doc, Rows: 1, Entries: []errdex.Entry{{Source: "doc", Line: 1, Platform: errdex.WeCom, Code: "60020", ZH: "不安全的访问 IP"}}},
		{Source: seen, Rows: 4, Entries: []errdex.Entry{
			sighting(1, errdex.WeCom, "60020", "marks"),
			sighting(2, errdex.WeCom, "60020", "repos"),
			sighting(3, errdex.WeCom, "93019", "marks"), // no page documents it
			sighting(4, errdex.DingTalk, "40014", "repos"),
		}},
	}
	c := &contentload.Content{Harvests: hs, Catalog: errdex.Merge(hs)}
	var out bytes.Buffer
	responseCoverage(&out, c)
	assert.Regexp(t, `dingtalk +1 +1 +0 +1 +0 +1`, out.String())
	assert.Regexp(t, `wecom +3 +2 +2 +1 +1 +1`, out.String())
	assert.Regexp(t, `all +4 +3 +2 +2 +1 +2`, out.String())
}
