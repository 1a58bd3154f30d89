// Package dna holds the DNA rule (INV-OBS-4) that both build-time code
// (the registry's validation) and the runtime (the redaction filter, the
// configuration, the crash path, span attributes) and live-check apply. It
// is a leaf package so that neither side has to import the other.
//
// # The rule
//
// A string holds sequence data when, anywhere in it, either form occurs:
//
//  1. Wide run: MinRun (20) or more consecutive letters of the IUPAC
//     nucleotide alphabet A C G T U R Y K M S W B D H V N, in either case.
//     This covers DNA (the spec's ACGTN), RNA (ACGU) and ambiguity codes
//     inside a run.
//  2. Separated run: letters of the plain alphabet A C G T U N, in either
//     case, where consecutive letters are either adjacent or split by a
//     single separator, and the letters alone number MinRun or more. The
//     separators are space, tab, newline, carriage return, '-', '.', '_',
//     '/', '|', ',', ':' and ';'. Two separators in a row end the run. The
//     wide alphabet is deliberately not used here: English prose with
//     single spaces would trip it.
//
// Before either form is counted, every character is normalized:
//
//   - Unicode format characters (category Cf: zero-width space, joiners,
//     BOM, soft hyphen, bidi marks...) and combining marks (Mn, Me) are
//     transparent: they neither count nor break a run.
//   - Any other non-ASCII character whose NFKC compatibility decomposition
//     is a single ASCII character (fullwidth Ａ, mathematical 𝐀, circled
//     Ⓐ, superscript ᴬ, no-break and ideographic spaces, fullwidth
//     hyphen...) counts as that ASCII character.
//   - Every other character (digits, other letters, other punctuation,
//     invalid UTF-8) breaks both runs.
//
// # False positives
//
// What the rule drops that is not sequence: a 20-letter stretch of a
// base64 or hex id that happens to use only IUPAC letters (for a random
// base64 id about 2.7e-7 per position, for lowercase hex about 1e-12), and
// prose made of 20 or more letters of words spelled only with A C G T U N
// ("a cat can tug a nun at an ant...") split by single spaces. English
// sentences, sha256 digests, UUIDs, gene and variant notation (BRCA1,
// c.68_69delAG, NM_007294.4, rs80357906), file and model names are kept;
// internal/dna's tests hold that corpus.
//
// # Cost
//
// A byte loop over one 256-entry class table, free of allocation: a first
// pass counts stretches without an ASCII breaker byte (as cheap as the old
// ACGTN loop); only a stretch of MinRun bytes or more is checked exactly,
// and runes are decoded only at non-ASCII bytes.
package dna

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MinRun is the shortest run of DNA letters treated as sequence data.
const MinRun = 20

// Byte classes.
const (
	cWide  = 1 << iota // IUPAC nucleotide letter
	cPlain             // A C G T U N (also cWide)
	cSep               // single separator of the separated form
	cHigh              // first or continuation byte of a non-ASCII character
)

var class = func() (t [256]uint8) {
	for _, c := range "ACGTURYKMSWBDHVN" {
		t[c] |= cWide
		t[c+'a'-'A'] |= cWide
	}
	for _, c := range "ACGTUN" {
		t[c] |= cPlain
		t[c+'a'-'A'] |= cPlain
	}
	for _, c := range " \t\n\r-._/|,:;" {
		t[c] |= cSep
	}
	for i := 0x80; i < 0x100; i++ {
		t[i] = cHigh
	}
	return t
}()

// Has reports whether s holds sequence data by the package's rule.
func Has(s string) bool { return has(s) }

// HasBytes is Has on a byte slice (live-check scans raw lines).
func HasBytes(b []byte) bool { return has(b) }

func has[S string | []byte](s S) bool {
	if len(s) < MinRun {
		return false
	}
	// Either form needs MinRun consecutive bytes none of which is an
	// ASCII breaker (class 0: digits, most punctuation, letters outside
	// the alphabet). The first loop only counts such stretches, at the
	// cost of the old rule; a stretch long enough is checked exactly.
	// wide counts ASCII wide letters alongside, so that a plain run is
	// found without the exact pass.
	run, wide := 0, uint(0)
	for i := 0; i < len(s); i++ {
		c := class[s[i]]
		if c == 0 {
			run, wide = 0, 0
			continue
		}
		run++
		wide = (wide + 1) & -uint(c&cWide)
		if run < MinRun {
			continue
		}
		if wide >= MinRun {
			return true
		}
		found, n := exact(s[i+1-run:])
		if found {
			return true
		}
		run, wide, i = 0, 0, i+1-run+n
	}
	return false
}

// exact applies the rule to the stretch at the start of s, which begins at
// a character boundary, up to the first ASCII breaker byte: it reports
// whether the stretch holds sequence, and the breaker's index (len(s) at
// the end).
func exact[S string | []byte](s S) (bool, int) {
	// wide counts the current wide run, plain the letters of the current
	// separated run; sep is set when the last counted character was a
	// separator.
	wide, plain, sep := 0, 0, false
	for i := 0; i < len(s); {
		c := class[s[i]]
		switch {
		case c == 0:
			return false, i // an ASCII breaker: the stretch ends
		case c&cHigh != 0:
			var size int
			c, size = highClass(s[i:])
			i += size
			if c == cTransparent {
				continue
			}
		default:
			i++
		}
		switch {
		case c&cPlain != 0:
			wide++
			plain++
			sep = false
			if plain >= MinRun || wide >= MinRun {
				return true, i
			}
		case c&cWide != 0:
			wide++
			plain, sep = 0, false
			if wide >= MinRun {
				return true, i
			}
		case c&cSep != 0:
			wide = 0
			if sep {
				plain = 0
			}
			sep = true
		default:
			wide, plain, sep = 0, 0, false
		}
	}
	return false, len(s)
}

// cTransparent is highClass's answer for a character that neither counts
// nor breaks a run.
const cTransparent = 0xff

// highClass classifies the non-ASCII character at the start of s and
// returns its length in bytes.
func highClass[S string | []byte](s S) (uint8, int) {
	var buf [utf8.UTFMax]byte
	n := copy(buf[:], s)
	r, size := utf8.DecodeRune(buf[:n])
	if r == utf8.RuneError && size <= 1 {
		return 0, 1
	}
	if unicode.Is(unicode.Cf, r) || unicode.In(r, unicode.Mn, unicode.Me) {
		return cTransparent, size
	}
	if d := norm.NFKC.Properties(buf[:size]).Decomposition(); len(d) == 1 && d[0] < utf8.RuneSelf {
		return class[d[0]], size
	}
	return 0, size
}
