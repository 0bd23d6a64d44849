package render_test

import (
	"fmt"

	"errdex"
	"errdex/render"
	"errdex/static"
	"errdex/templates"
)

// Files renders a catalog into memory; Site does the same and writes the
// files into a directory, replacing it as a whole.
func ExampleFiles() {
	src := errdex.Source{ID: "wecom-global", Platform: errdex.WeCom, Title: "企业微信 全局错误码", Format: "markdown", Path: "wecom.md"}
	cat := errdex.Merge([]errdex.Harvest{{Source: src, Rows: 1, Entries: []errdex.Entry{
		{Source: src.ID, Line: 27, Platform: errdex.WeCom, Code: "40014", ZH: "不合法的 access_token"},
	}}})
	files, err := render.Files(cat, render.Options{Templates: templates.FS, Static: static.FS, Bundle: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, name := range []string{"index.html", "wecom/40014/index.html", "wecom/40014/index.json", "code/40014/index.html", "data/errdex.json", "search-index.js"} {
		_, ok := files[name]
		fmt.Println(name, ok)
	}
	fmt.Println("problems:", len(render.Verify(files)))
	// Output:
	// index.html true
	// wecom/40014/index.html true
	// wecom/40014/index.json true
	// code/40014/index.html true
	// data/errdex.json true
	// search-index.js true
	// problems: 0
}
