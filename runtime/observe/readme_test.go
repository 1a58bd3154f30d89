package observe_test

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeSnippet: the README's "Instrumenting code" snippet is the
// program of example_test.go, which go test compiles and runs, so the
// snippet cannot drift from the API.
func TestReadmeSnippet(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	want := between(t, string(src), "// README:begin", "// README:end", "example_test.go")
	section := between(t, string(readme), "## Instrumenting code", "\n## ", "README.md")
	got := between(t, section, "```go\n", "```", "README.md's Instrumenting code section")
	if strings.TrimSpace(got) != strings.TrimSpace(want) {
		t.Errorf("README.md's snippet differs from example_test.go's program; copy it over.\nREADME:\n%s\nexample_test.go:\n%s", got, want)
	}
}

// between returns the text after the line holding begin, up to end.
func between(t *testing.T, s, begin, end, what string) string {
	t.Helper()
	i := strings.Index(s, begin)
	if i < 0 {
		t.Fatalf("%s: no %q", what, begin)
	}
	s = s[i+len(begin):]
	if nl := strings.IndexByte(s, '\n'); nl >= 0 && !strings.HasSuffix(begin, "\n") {
		s = s[nl+1:]
	}
	j := strings.Index(s, end)
	if j < 0 {
		t.Fatalf("%s: no %q after %q", what, end, begin)
	}
	return s[:j]
}
