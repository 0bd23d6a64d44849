package errdex_test

import (
	"fmt"

	"errdex"
)

// Two snapshots of WeCom's global error-code page disagree about 40093: the
// catalog keeps both meanings and flags a sources conflict. 41006 is only
// reworded: one meaning with two wordings.
func ExampleMerge() {
	older := errdex.Source{ID: "wecom-global-older", Platform: errdex.WeCom}
	newer := errdex.Source{ID: "wecom-global-2023", Platform: errdex.WeCom, Supersedes: "wecom-global-older"}
	harvests := []errdex.Harvest{
		{Source: older, Entries: []errdex.Entry{
			{Source: older.ID, Line: 64, Platform: errdex.WeCom, Code: "40093", ZH: "不合法的jsapi_ticket参数"},
			{Source: older.ID, Line: 70, Platform: errdex.WeCom, Code: "41006", ZH: "缺少media_id参数"},
		}},
		{Source: newer, Entries: []errdex.Entry{
			{Source: newer.ID, Line: 78, Platform: errdex.WeCom, Code: "40093", ZH: "jsapi 签名错误"},
			{Source: newer.ID, Line: 98, Platform: errdex.WeCom, Code: "41006", ZH: "缺少 media_id"},
		}},
	}
	cat := errdex.Merge(harvests)
	for _, c := range cat.Codes {
		fmt.Printf("%s %s conflict=%q\n", c.Platform, c.Code, c.Conflict())
		for _, m := range c.Meanings {
			for _, w := range m.Wordings {
				fmt.Printf("  %s %s %v\n", m.ID, w.ZH, w.Sources)
			}
		}
	}
	for _, ch := range cat.Changes {
		fmt.Printf("%s %s: %s -> %s\n", ch.Code, ch.Kind, ch.Old, ch.New)
	}
	// Output:
	// wecom 40093 conflict="sources"
	//   m1 jsapi 签名错误 [{wecom-global-2023 78}]
	//   m2 不合法的jsapi_ticket参数 [{wecom-global-older 64}]
	// wecom 41006 conflict=""
	//   m1 缺少 media_id [{wecom-global-2023 98}]
	//   m1 缺少media_id参数 [{wecom-global-older 70}]
	// 40093 changed: 不合法的jsapi_ticket参数 -> jsapi 签名错误
	// 41006 reworded: 缺少media_id参数 -> 缺少 media_id
}

// Compare tells same, different and incomparable texts apart.
func ExampleCompare() {
	pairs := [][2]errdex.Text{
		{{ZH: "访问ip不在白名单之中"}, {ZH: "不安全的访问 IP"}},
		{{ZH: "不合法的按钮个数"}, {ZH: "不合法的按钮类型"}},
		{{EN: "The lack of media_id Parameters"}, {ZH: "缺少media_id参数", EN: "Missing media_id parameter"}},
		{{ZH: "不合法的按钮类型"}, {EN: "Invalid menu button type"}},
	}
	for _, p := range pairs {
		fmt.Println(errdex.Compare(p[0], p[1]))
	}
	// Output:
	// same
	// different
	// same
	// unknown
}
