package analysisutil

import (
	"strings"
	"testing"
)

const sampleDoc = `// Package halting defines two analyzers.
//
// # Analyzer halt
//
// halt: report programs that halt
//
// The halt analyzer reports halting.
//
//	indented example
//
// # Analyzer halting
//
// halting: report programs that do not halt
//
// More text.
package halting

import _ "embed"
`

func TestExtractDoc(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"halt", "report programs that halt\n\nThe halt analyzer reports halting.\n\n\tindented example"},
		{"halting", "report programs that do not halt\n\nMore text."},
	} {
		got, err := ExtractDoc(sampleDoc, tc.name)
		if err != nil || got != tc.want {
			t.Errorf("ExtractDoc(%s) = %q, %v; want %q", tc.name, got, err, tc.want)
		}
	}
}

func TestExtractDocErrors(t *testing.T) {
	for _, tc := range []struct{ content, name, want string }{
		{"", "x", "empty"},
		{"not go", "x", "not a Go source file"},
		{"package x\n", "x", "no package doc comment"},
		{sampleDoc, "hal", `no heading "# Analyzer hal"`},
		{"// Package x.\n//\n// # Analyzer x\n//\n// Summary without the name.\npackage x\n", "x", "is not followed by"},
	} {
		_, err := ExtractDoc(tc.content, tc.name)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ExtractDoc(%q, %s): got %v, want an error containing %q", tc.content, tc.name, err, tc.want)
		}
	}
}

func TestMustExtractDocPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "analyzer nope: doc.go") {
			t.Errorf("recovered %v", r)
		}
	}()
	MustExtractDoc(sampleDoc, "nope")
}
