package dna

import (
	"regexp"
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

func TestHasTable(t *testing.T) {
	for s, want := range map[string]bool{
		"":                              false,
		strings.Repeat("A", 19):         false,
		strings.Repeat("A", 20):         true,
		"gattacagattacagattaca":         true,  // lower case counts
		"id-" + strings.Repeat("N", 25): true,  // inside a longer string
		"ACGTACGTAC GTACGTACGT":         false, // broken run
		"training.collapse.alert":       false,
	} {
		if got := Has(s); got != want {
			t.Errorf("Has(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestHasDNAMatchesRegexp checks the byte loop against the spec's pattern,
// generalised to runs anywhere in the string.
func TestHasDNAMatchesRegexp(t *testing.T) {
	re := regexp.MustCompile(`[ACGTNacgtn]{20,}`)
	alphabet := "ACGTNacgtnX-"
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for j, n := 0, (i*7)%45; j < n; j++ {
			b.WriteByte(alphabet[(i*31+j*17+j*j)%len(alphabet)])
		}
		s := b.String()
		if Has(s) != re.MatchString(s) {
			t.Fatalf("Has(%q) = %v, regexp says %v", s, Has(s), re.MatchString(s))
		}
	}
}

func BenchmarkDNA(b *testing.B) {
	s := strings.Repeat("ACG", 10)
	re := regexp.MustCompile(`^[ACGTN]{20,}$`)
	b.Run("byte-loop", func(b *testing.B) {
		for b.Loop() {
			Has(s)
		}
	})
	b.Run("regexp", func(b *testing.B) {
		for b.Loop() {
			re.MatchString(s)
		}
	})
}
