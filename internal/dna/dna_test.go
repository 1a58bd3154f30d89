package dna

import (
	"strings"
	"testing"
)

func TestHas(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{
		{strings.Repeat("ACGT", 5), true},
		{strings.Repeat("acgt", 5), true},
		{"x" + strings.Repeat("ACGTN", 4) + "x", true},
		{strings.Repeat("ACGT", 4) + "ACG", false},
		{strings.Repeat("ACGT", 4) + "ACGx" + strings.Repeat("ACGT", 4), false},
		{"", false},
		{"training.step", false},
	} {
		if got := Has(c.s); got != c.want {
			t.Errorf("Has(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}
