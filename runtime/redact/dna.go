package redact

// DNAMinRun is the shortest run of DNA letters treated as sequence data.
const DNAMinRun = 20

// isDNA marks A, C, G, T and N in either case.
var isDNA = [256]bool{'A': true, 'C': true, 'G': true, 'T': true, 'N': true,
	'a': true, 'c': true, 'g': true, 't': true, 'n': true}

// HasDNA reports whether s holds a run of DNAMinRun or more DNA letters.
// A byte loop: about 20 times cheaper than the equivalent regexp.
func HasDNA(s string) bool {
	if len(s) < DNAMinRun {
		return false
	}
	run := 0
	for i := 0; i < len(s); i++ {
		if isDNA[s[i]] {
			run++
			if run >= DNAMinRun {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}
