// Command golangci-custom is golangci-lint v2.15.0 with the obslint module
// plugin (github.com/genolewm/obs/analyzers/golangciplugin) compiled in:
// what `golangci-lint custom` would build, built from the module proxy
// alone (`golangci-lint custom` always clones golangci-lint from GitHub,
// which this environment cannot reach).
//
// Build it with `make bin/golangci-lint-custom`, or from this folder:
//
//	go build -o ../../bin/golangci-lint-custom .
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	// The obslint module plugin registers itself in init.
	_ "github.com/genolewm/obs/analyzers/golangciplugin"
)

func main() {
	// An empty Version makes golangci-lint salt its cache with the
	// binary's own hash, so a rebuilt plugin never reuses stale results.
	info := commands.BuildInfo{GoVersion: runtime.Version(), Commit: "?", Date: ""}
	if bi, ok := debug.ReadBuildInfo(); ok {
		info.BuildInfo = bi
	}
	if err := commands.Execute(info); err != nil {
		_, _ = fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
