package scrape

import (
	"encoding/json"
	"os"
	"testing"

	"errdex"
)

func TestTmpDump(t *testing.T) {
	f, _ := os.Open("../content/wecom-global-2023-01-06.md")
	defer f.Close()
	h, err := parseMarkdown(f, errdex.Source{ID: "x", Platform: errdex.WeCom, Path: "wecom.md", Rows: 1036, Sections: 54})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(h.Rows, h.Sections, h.Attached, len(h.Entries), len(h.Skipped), len(h.Orphans))
	t.Log(h.Unaccounted())
	b, _ := json.MarshalIndent(h.Entries, "", " ")
	os.WriteFile("/tmp/md.json", b, 0o644)
}
