package main

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"syscall"
	"time"

	"errdex/render"
)

func main() {
	in := flag.String("in", "", "a built site to read")
	out := flag.String("out", "", "the directory to write it into (must not exist)")
	flag.Parse()
	if err := run(*in, *out); err != nil {
		fmt.Fprintln(os.Stderr, "writetree:", err)
		os.Exit(1)
	}
}

// run reads in and writes it to out, printing the cost of the writing.
func run(in, out string) error {
	if in == "" || out == "" {
		return fmt.Errorf("-in and -out are required")
	}
	files := map[string][]byte{}
	err := fs.WalkDir(os.DirFS(in), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(in + "/" + p)
		files[p] = b
		return err
	})
	if err != nil {
		return err
	}
	var before, after syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &before); err != nil {
		return err
	}
	start := time.Now()
	if _, err := render.WriteFiles(out, files); err != nil {
		return err
	}
	wall := time.Since(start)
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &after); err != nil {
		return err
	}
	cpu := tv(after.Utime) - tv(before.Utime) + tv(after.Stime) - tv(before.Stime)
	fmt.Printf("write %.2f %.2f %d\n", wall.Seconds(), cpu, after.Maxrss)
	return nil
}

// tv is a timeval in seconds.
func tv(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
