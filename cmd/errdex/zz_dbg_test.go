package main

import (
	"fmt"
	"os"
	"testing"
)

func TestZZDbg(t *testing.T) {
	f := setup(t)
	m := f.modes()[0]
	tab := f.tab(t, "http")
	searchPage(t, tab, m)
	out, err := eval[string](tab, os.Getenv("JS"))
	fmt.Println(out, err)
}
