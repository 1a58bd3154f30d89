package main

import (
	"os"
	"strings"
)

// buildTags returns the value of a -tags flag among the command-line
// arguments, if any (package patterns never start with a dash, and a flag
// value may be a separate argument, so the scan goes on past non-flags). The multichecker keeps
// -tags only as a flag with no effect; obslint honours it by handing the
// tags to go/packages through GOFLAGS, so that "obslint -tags planted ./..."
// checks what "go vet -tags planted" does. As go vet's tool, obslint never
// sees -tags: go vet applies it itself.
func buildTags(args []string) (string, bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") {
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if name != "tags" {
			continue
		}
		if !hasValue && i+1 < len(args) {
			value = args[i+1]
		}
		return value, true
	}
	return "", false
}

// applyBuildTags adds a -tags argument to GOFLAGS.
func applyBuildTags() {
	if tags, ok := buildTags(os.Args[1:]); ok && tags != "" {
		os.Setenv("GOFLAGS", strings.TrimSpace(os.Getenv("GOFLAGS")+" -tags="+tags))
	}
}
