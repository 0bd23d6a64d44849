package scrape_test

import (
	"fmt"
	"strings"

	"errdex"
	"errdex/scrape"
)

// Parse reads a snapshot with the adapter its source's format names. Here a
// tab-separated table whose section title maps to a scope.
func ExampleParse() {
	src := errdex.Source{
		ID: "wechat-cloud", Platform: errdex.WeChat, Format: "tsv", Path: "cloud.tsv",
		Scopes: map[string]errdex.ScopeTarget{"微信云开发": {Scope: "cloudbase"}},
	}
	snapshot := "微信云开发\n错误码\t含义\n-40400x\tSDK 云函数错误：云函数调用失败\n-503003\t云资源文件存储错误：文件不存在\n"
	h, err := scrape.Parse(strings.NewReader(snapshot), src)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("rows:", h.Rows)
	for _, e := range h.Entries {
		fmt.Printf("%s:%d %s %s [%s] %s\n", e.Source, e.Line, e.Platform, e.Code, e.Scope, e.ZH)
	}
	// Output:
	// rows: 2
	// wechat-cloud:3 wechat -40400x [cloudbase] SDK 云函数错误：云函数调用失败
	// wechat-cloud:4 wechat -503003 [cloudbase] 云资源文件存储错误：文件不存在
}
