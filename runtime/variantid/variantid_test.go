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
	if a != h.ID("17", 43094464, "g", "a") {
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
	for _, base := range []string{"G", "A", "43094464", "17"} {
		if strings.Contains(strings.TrimPrefix(a, "v1-"), base) && len(base) > 2 {
			t.Errorf("id %q carries %q", a, base)
		}
	}
	other, _ := New([]byte("another-key-of-16-bytes"))
	if other.ID("chr17", 43094464, "G", "A") == a {
		t.Error("the key does not change the id: it would be reversible by dictionary")
	}
	if _, err := New([]byte("short")); err == nil {
		t.Error("a short key was accepted")
	}
}
