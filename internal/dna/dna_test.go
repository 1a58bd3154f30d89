package dna

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/genolewm/obs/internal/dna/dnatest"
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
		"gattacagattacagattaca":         true, // lower case counts
		"id-" + strings.Repeat("N", 25): true, // inside a longer string
		"ACGTACGTAC GTACGTACGT":         true, // one space does not break a run
		"ACGTACGTAC  GTACGTACGT":        false,
		"ACGTACGTAC9GTACGTACGT":         false,
		"training.collapse.alert":       false,
	} {
		if got := Has(s); got != want {
			t.Errorf("Has(%q) = %v, want %v", s, got, want)
		}
	}
}

// The corpora live in dnatest, shared with the runtime's end-to-end
// tests.
const seq = dnatest.Seq

var (
	interleave = dnatest.Interleave
	fullwidth  = dnatest.Fullwidth
	MustDrop   = dnatest.MustDrop
	MustKeep   = dnatest.MustKeep
)

func TestMustDrop(t *testing.T) {
	for name, s := range MustDrop {
		if !Has(s) {
			t.Errorf("%s: Has(%q) = false, want true", name, s)
		}
		if !HasBytes([]byte(s)) {
			t.Errorf("%s: HasBytes(%q) = false, want true", name, s)
		}
	}
}

func TestMustKeep(t *testing.T) {
	for name, s := range MustKeep {
		if Has(s) {
			t.Errorf("%s: Has(%q) = true, want false", name, s)
		}
		if HasBytes([]byte(s)) {
			t.Errorf("%s: HasBytes(%q) = true, want false", name, s)
		}
	}
}

// TestShortDisguisesPass checks the threshold holds in every disguise:
// 19 letters are not a run, however they are dressed.
func TestShortDisguisesPass(t *testing.T) {
	s := seq[:MinRun-1]
	for name, d := range map[string]string{
		"plain": s, "space": interleave(s, " "), "zwsp": interleave(s, "\u200b"),
		"fullwidth": fullwidth(s), "iupac": "RYKMSWBDHVRYKMSWBDH",
	} {
		if Has(d) {
			t.Errorf("%s: Has(%q) = true for %d letters", name, d, MinRun-1)
		}
	}
}

// TestHasCoversOldRule checks that everything the spec's pattern
// (generalised to runs anywhere) matched still matches, and that on the
// old alphabet without separators the two agree exactly.
func TestHasCoversOldRule(t *testing.T) {
	re := regexp.MustCompile(`[ACGTNacgtn]{20,}`)
	alphabet := "ACGTNacgtnX9"
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

// TestHasMatchesReference checks the byte loop against a direct
// transcription of the rule over a mixed alphabet with separators,
// format characters and fullwidth letters.
func TestHasMatchesReference(t *testing.T) {
	alphabet := []string{"A", "c", "G", "t", "U", "n", "R", "y", "k", "E", "x", "9", " ", "-", "  ", "\u200b", "Ａ", "ｇ", "é"}
	for i := 0; i < 50000; i++ {
		var b strings.Builder
		for j, n := 0, (i*13)%60; j < n; j++ {
			b.WriteString(alphabet[(i*31+j*17+j*j*7)%len(alphabet)])
		}
		s := b.String()
		if got, want := Has(s), reference(s); got != want {
			t.Fatalf("Has(%q) = %v, reference says %v", s, got, want)
		}
	}
}

// reference is the rule written plainly: normalize, then look for either
// form with regular expressions.
func reference(s string) bool {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\u200b':
		case r >= 'Ａ' && r <= 'Ｚ':
			b.WriteRune(r - 'Ａ' + 'A')
		case r >= 'ａ' && r <= 'ｚ':
			b.WriteRune(r - 'ａ' + 'a')
		case r >= utf8.RuneSelf:
			b.WriteByte('#')
		default:
			b.WriteRune(r)
		}
	}
	n := b.String()
	if regexp.MustCompile(`(?i)[ACGTURYKMSWBDHVN]{20,}`).MatchString(n) {
		return true
	}
	for _, m := range regexp.MustCompile(`(?i)[ACGTUN]([ \t\n\r\-._/|,:;]?[ACGTUN])*`).FindAllString(n, -1) {
		letters := 0
		for i := 0; i < len(m); i++ {
			if class[m[i]]&cPlain != 0 {
				letters++
			}
		}
		if letters >= MinRun {
			return true
		}
	}
	return false
}

func TestHasAllocatesNothing(t *testing.T) {
	inputs := []string{seq, fullwidth(seq), interleave(seq, "\u200b"), interleave(seq, " "), MustKeep["prose"], MustKeep["cjk"], "\xff\xfe" + seq}
	for _, s := range inputs {
		if n := testing.AllocsPerRun(100, func() { Has(s) }); n != 0 {
			t.Errorf("Has(%q) allocates %v times", s, n)
		}
		b := []byte(s)
		if n := testing.AllocsPerRun(100, func() { HasBytes(b) }); n != 0 {
			t.Errorf("HasBytes(%q) allocates %v times", s, n)
		}
	}
}

// hasBaseline is the rule before disguises were covered (ACGTN runs
// only), kept as the benchmark's baseline.
var isBaseBaseline = [256]bool{'A': true, 'C': true, 'G': true, 'T': true, 'N': true,
	'a': true, 'c': true, 'g': true, 't': true, 'n': true}

func hasBaseline(s string) bool {
	if len(s) < MinRun {
		return false
	}
	run := 0
	for i := 0; i < len(s); i++ {
		if isBaseBaseline[s[i]] {
			run++
			if run >= MinRun {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

var sink bool

// BenchmarkDNA compares the rule with its baseline on ASCII inputs (the
// common case) and reports the cost of the non-ASCII path.
func BenchmarkDNA(b *testing.B) {
	re := regexp.MustCompile(`^[ACGTN]{20,}$`)
	ascii := map[string]string{
		"short-dna":   strings.Repeat("ACG", 10),
		"prose":       MustKeep["prose"],
		"sha256":      MustKeep["sha256"],
		"identifiers": "run-2026-05-20-h100-0 genolewm-base-1.3b-phase2 NM_007294.4",
	}
	for _, name := range []string{"short-dna", "prose", "sha256", "identifiers"} {
		s := ascii[name]
		b.Run(name+"/baseline", func(b *testing.B) {
			for b.Loop() {
				sink = hasBaseline(s)
			}
		})
		b.Run(name+"/rule", func(b *testing.B) {
			for b.Loop() {
				sink = Has(s)
			}
		})
	}
	b.Run("short-dna/regexp", func(b *testing.B) {
		s := ascii["short-dna"]
		for b.Loop() {
			sink = re.MatchString(s)
		}
	})
	for name, s := range map[string]string{"fullwidth": fullwidth(seq), "zwsp": interleave(seq, "\u200b"), "cjk": MustKeep["cjk"]} {
		b.Run("non-ascii/"+name, func(b *testing.B) {
			for b.Loop() {
				sink = Has(s)
			}
		})
	}
}
