package sink

import (
	"os"
	"testing"
)

// TestUndoPadsWhenOthersAppended: a partial line that another process
// appended after cannot be truncated away without destroying their lines;
// it becomes a blank line instead. Alone at the end, it is truncated.
func TestUndoPadsWhenOthersAppended(t *testing.T) {
	f, err := OpenRunFile(t.TempDir(), "run-undo", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// The writer goroutine owns f.f, but it has nothing to write here.
	if _, err := f.f.Write([]byte("{\"a\":1}\n{\"ts\":\"2026")); err != nil {
		t.Fatal(err)
	}
	other, err := os.OpenFile(f.Path(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Write([]byte("{\"b\":2}\n")); err != nil {
		t.Fatal(err)
	}
	other.Close()
	if err := f.undo(int64(len("{\"ts\":\"2026"))); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(f.Path())
	if want := "{\"a\":1}\n          \n{\"b\":2}\n"; string(got) != want {
		t.Errorf("after undo: %q, want %q", got, want)
	}

	// Alone at the end: truncated.
	if _, err := f.f.Write([]byte("{\"ts\":")); err != nil {
		t.Fatal(err)
	}
	if err := f.undo(int64(len("{\"ts\":"))); err != nil {
		t.Fatal(err)
	}
	got, _ = os.ReadFile(f.Path())
	if want := "{\"a\":1}\n          \n{\"b\":2}\n"; string(got) != want {
		t.Errorf("after truncation: %q, want %q", got, want)
	}
}
