package analysisutil

import (
	"go/ast"
	"go/token"
	"strings"
)

// IsObsgenFile reports whether f was written by obsgen: its header, before
// the package clause, is a Go "Code generated ... DO NOT EDIT." comment
// (ast.IsGenerated) that names obsgen. Other generators' files are not
// obsgen's: only obsgen writes code that may use the generated-code-only
// API.
func IsObsgenFile(f *ast.File) bool {
	if !ast.IsGenerated(f) {
		return false
	}
	for _, g := range f.Comments {
		if g.Pos() >= f.Package {
			break
		}
		for _, c := range g.List {
			if isObsgenHeader(c.Text) {
				return true
			}
		}
	}
	return false
}

func isObsgenHeader(line string) bool {
	rest, ok := strings.CutPrefix(line, "// Code generated ")
	if !ok || !strings.HasSuffix(rest, " DO NOT EDIT.") {
		return false
	}
	for _, w := range strings.Fields(rest) {
		if strings.Trim(w, ".,;:()") == "obsgen" {
			return true
		}
	}
	return false
}

// IsGeneratedPackage reports whether a package, given by its files, is an
// obsgen-generated package: one of its non-test files is obsgen's. The
// package's own _test.go files then belong to it; an external test
// package (package x_test) has no generated file and is not generated.
func IsGeneratedPackage(fset *token.FileSet, files []*ast.File) bool {
	for _, f := range files {
		if !strings.HasSuffix(fset.File(f.Pos()).Name(), "_test.go") && IsObsgenFile(f) {
			return true
		}
	}
	return false
}
