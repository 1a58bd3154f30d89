package variantid

import (
	"strings"
	"testing"
)

func TestID(t *testing.T) {
	h, err := New([]byte("0123456789abcdef-test-key"))
	if err != nil {
		t.Fatal(err)
	}
	a := h.ID("chr17", 43094464, "G", "A")
	if a != h.ID("17", 43094464, "g", "a") || a != h.ID("Chr17", 43094464, "G", "A") {
		t.Error("normalization: chr17/17 or case give different ids")
	}
	if a == h.ID("chr17", 43094464, "G", "C") || a == h.ID("chr17", 43094465, "G", "A") {
		t.Error("different variants share an id")
	}
	// Length prefixes: moving a base between ref and alt changes the id.
	if h.ID("1", 1, "AC", "G") == h.ID("1", 1, "A", "CG") {
		t.Error("ref/alt boundary is ambiguous")
	}
	if !strings.HasPrefix(a, "v1-") || len(a) != 35 {
		t.Errorf("id %q", a)
	}
	// The id is hex: it cannot spell G or A, and must not carry the
	// position in clear.
	hexPart := strings.TrimPrefix(a, "v1-")
	if strings.ContainsAny(hexPart, "GATgt") || strings.Contains(hexPart, "43094464") {
		t.Errorf("id %q carries variant content", a)
	}
	other, _ := New([]byte("another-key-of-16-bytes"))
	if other.ID("chr17", 43094464, "G", "A") == a {
		t.Error("the key does not change the id: it would be reversible by dictionary")
	}
	if _, err := New([]byte("short")); err == nil {
		t.Error("a short key was accepted")
	}
}

// TestIDConcurrent: pooled states must not mix the messages of two
// goroutines.
func TestIDConcurrent(t *testing.T) {
	h := NewRandom()
	want := h.ID("chr2", 12345, "ACGT", "A")
	done := make(chan bool)
	for g := 0; g < 4; g++ {
		go func() {
			ok := true
			for i := 0; i < 2000; i++ {
				ok = ok && h.ID("chr2", 12345, "ACGT", "A") == want
				h.ID("chrX", int64(i), "T", "TTTTTTTT")
			}
			done <- ok
		}()
	}
	for g := 0; g < 4; g++ {
		if !<-done {
			t.Error("an id changed under concurrent use")
		}
	}
}
