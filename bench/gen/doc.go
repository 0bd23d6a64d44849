// Command gen makes synthetic content for the scale benchmarks: the
// shipped content tree plus copies of one real capture (the WeChat
// open-platform TSV) whose codes are renumbered, until the catalog holds
// about -n codes.
//
//	go run ./bench/gen -content content -n 100000 -out /tmp/content-100k
//
// Copy k (1..999) turns code C into 9kkkC (-C into -9kkkC), so every copy
// adds new codes, new number pages and more rows on the WeChat pages, the
// way more captured sources would, instead of more meanings of the same
// codes.
package main
