package main

import (
	"bufio"
	"fmt"
	"os"
	"testing"
)

func TestZZDump(t *testing.T) {
	f := setup(t)
	m := f.modes()[0]
	tab := f.tab(t, "http")
	searchPage(t, tab, m)
	fh, _ := os.Open("/tmp/dumpq.txt")
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		q := sc.Text()
		if q == "" { continue }
		_, err := typeQuery(tab, q)
		if err != nil { t.Fatal(q, err) }
		res, err := eval[[]string](tab, `Array.from(document.querySelectorAll("#results li")).slice(0,4).map(li => li.dataset.platform + "/" + li.dataset.code + " " + li.textContent.slice(0,70))`)
		st, _ := eval[string](tab, `document.getElementById("results-status").textContent`)
		fmt.Printf("== %q  [%s]\n", q, st)
		for _, r := range res { fmt.Println("    ", r) }
	}
}
