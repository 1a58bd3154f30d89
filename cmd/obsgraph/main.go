package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

func main() {
	cfg := DefaultConfig()
	flag.Var(&cfg.Entries, "entry", "comma-separated import paths whose exported functions and methods are logger entry points (where a witness starts first; every function is a root)")
	flag.BoolVar(&cfg.Generated, "generated", cfg.Generated, "also make every loaded obsgen-generated package an entry package")
	flag.StringVar(&cfg.Sink, "sink", cfg.Sink, "the sink interface method, (PKG.Interface).Method")
	flag.Var(&cfg.Filter, "filter", "comma-separated redaction filter functions, removed from the call graph")
	flag.BoolVar(&cfg.Tests, "tests", false, "include test packages")
	verbose := flag.Bool("v", false, "print statistics")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: obsgraph [flags] [packages]\n\nProves that no call path leads from any function to a sink except through the redaction filter (INV-OBS-3).\nEvery package of the main module(s) is loaded whatever the packages named.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	cfg.Patterns = flag.Args()
	if len(cfg.Patterns) == 0 {
		cfg.Patterns = []string{"./..."}
	}
	res, err := Check(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "obsgraph:", err)
		os.Exit(2)
	}
	if *verbose {
		printStats(os.Stderr, res)
	}
	if res.Witness != nil {
		res.Witness.Print(os.Stdout)
		os.Exit(1)
	}
	if len(res.Sinks) == 0 {
		fmt.Fprintf(os.Stderr, "obsgraph: note: no implementation of %s in the program; nothing can reach a sink\n", cfg.Sink)
	}
}

func printStats(w io.Writer, r *Result) {
	fmt.Fprintf(w, "obsgraph: main modules: %s\n", strings.Join(r.Modules, ", "))
	fmt.Fprintf(w, "obsgraph: %d packages, %d functions, %d call edges; %d roots (%d entry points), %d sink methods, %d filter functions removed\n",
		r.Packages, r.Functions, r.Edges, r.Roots, r.EntryCount, len(r.Sinks), r.FilterCount)
	fmt.Fprintf(w, "obsgraph: entry packages: %s\n", strings.Join(r.EntryPackages, ", "))
	fmt.Fprintf(w, "obsgraph: load+ssa %v, cha %v, search %v\n",
		r.Load.Round(time.Millisecond), r.CHA.Round(time.Millisecond), r.Search.Round(time.Millisecond))
}
