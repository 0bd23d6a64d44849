// Command conv turns errdex.json into the content of an equivalent Hugo
// site (bench/hugo/site), for bench/compare.sh: a page and a JSON per code,
// a page per number, a list per platform.
//
//	go run ./bench/hugo/conv -in public/data/errdex.json -out /tmp/hugo/content
package main
