package scrape

import (
	"fmt"
	"os"
	"testing"

	"errdex"
)

func TestTmpHTML(t *testing.T) {
	for _, n := range []string{"wecom", "wechat", "dingtalk"} {
		f, _ := os.Open("testdata/html/" + n + ".html")
		h, err := parseHTML(f, testSource("html", errdex.WeCom))
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println(n, h.Rows, h.Sections, h.Attached, len(h.Entries), len(h.Skipped), h.Orphans)
		for _, e := range h.Entries {
			fmt.Printf("%d %s [%s] zh=%q en=%q fix=%q help=%v ts=%d %q\n   raw=%q\n", e.Line, e.Code, e.ScopeLabel, e.ZH, e.EN, e.Fix, e.HelpRef, e.TroubleshootingLine, e.Troubleshooting, e.Raw)
		}
	}
}
