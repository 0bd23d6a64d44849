// Command writetree measures the floor of a build on this machine: it
// reads a built site into memory and writes it into a new directory the
// way errdex build does (render.WriteFiles: a directory per page, parents
// first, then create, write and close per file, published with renames),
// and prints what the writing alone cost, as bench/compare.sh reads it:
//
//	go run ./bench/writetree -in public -out /tmp/copy
//	write 1.23 0.98 81234   (wall seconds, CPU seconds, peak KiB)
//
// Rendering nothing, it is the least any tool that writes the same files
// can spend (docs/performance.md, "errdex against Hugo").
package main
