package analysisutil

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// MustExtractDoc is ExtractDoc, panicking on error: the doc.go of an
// analyzer is part of its source, so a bad one is a bug found at init.
//
// An analyzer package embeds its doc.go and builds its Doc from it, so
// that the text exists once (the convention of
// golang.org/x/tools/go/analysis/passes):
//
//	//go:embed doc.go
//	var doc string
//
//	var Analyzer = &analysis.Analyzer{
//		Name: "obsevent",
//		Doc:  analysisutil.MustExtractDoc(doc, "obsevent"),
//		...
//	}
func MustExtractDoc(content, name string) string {
	doc, err := ExtractDoc(content, name)
	if err != nil {
		panic(fmt.Sprintf("analyzer %s: doc.go: %v", name, err))
	}
	return doc
}

// ExtractDoc returns the section of the package doc comment in content (a
// doc.go file) that starts at the heading "# Analyzer NAME" and ends at
// the next heading or at the end of the comment. The heading must be
// followed by the line "NAME: SUMMARY"; the result is SUMMARY (the form
// Analyzer.Doc wants as its first line) followed by the rest of the
// section.
func ExtractDoc(content, name string) (string, error) {
	if content == "" {
		return "", fmt.Errorf("empty Go source file")
	}
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("not a Go source file: %v", err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("no package doc comment")
	}
	heading := "Analyzer " + name
	for _, section := range strings.Split("\n"+f.Doc.Text(), "\n# ") {
		body, ok := strings.CutPrefix(section, heading)
		if !ok || body != "" && body[0] != '\n' {
			continue // another heading, or one that only starts with ours
		}
		body = strings.TrimSpace(body)
		rest, ok := strings.CutPrefix(body, name+":")
		if !ok {
			return "", fmt.Errorf("heading %q is not followed by the line %q", "# "+heading, name+": summary")
		}
		return strings.TrimSpace(rest), nil
	}
	return "", fmt.Errorf("package doc comment has no heading %q", "# "+heading)
}
