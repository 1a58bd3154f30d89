package observe

import (
	"errors"

	"github.com/genolewm/obs/internal/dna"
)

// The run id rule: 1 to 128 letters, digits, '.', '_' or '-', starting
// with a letter or digit, and no DNA run. The run id names the log file, so
// the rule also keeps it a plain file name. Errors never quote the value:
// a rejected value may be exactly what must not be written anywhere.
func checkRunID(id string) error {
	if id == "" || len(id) > 128 || !isAlnum(id[0]) || !plainChars(id) {
		return errors.New("must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit")
	}
	if dna.Has(id) {
		return errors.New("holds a DNA sequence; choose another run id")
	}
	return nil
}

// validPhase is the phase rule: 1 to 64 letters, digits, '.', '_' or '-',
// and no DNA run.
func validPhase(p string) bool {
	return p != "" && len(p) <= 64 && plainChars(p) && !dna.Has(p)
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func plainChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}
