package schema

import (
	"strings"

	"github.com/genolewm/obs/internal/dna"
)

// plainName accepts snake_case, or with dots dotted snake_case segments:
// names the encoder writes without escaping.
func plainName(s string, dots bool) bool {
	if s == "" || len(s) > 128 || s[0] < 'a' || s[0] > 'z' || dna.Has(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_':
		case c == '.' && dots && i+1 < len(s) && s[i+1] >= 'a' && s[i+1] <= 'z':
		default:
			return false
		}
	}
	return true
}

// codeName accepts Class.Reason names (InternalError.Panic): two
// segments of letters and digits, each starting with a capital.
func codeName(s string) bool {
	class, reason, ok := strings.Cut(s, ".")
	return ok && len(s) <= 128 && !dna.Has(s) && capWord(class) && capWord(reason)
}

func capWord(s string) bool {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isAlnum(s[i]) {
			return false
		}
	}
	return true
}

// labelValue accepts what a label value may be: printable ASCII without
// quotes or backslashes (nothing an exposition format must escape), at
// most 128 bytes, and no DNA run.
func labelValue(s string) bool {
	if s == "" || len(s) > 128 || dna.Has(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c > '~' || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// promName accepts a Prometheus metric name.
func promName(s string) bool {
	if s == "" || len(s) > 200 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_', c == ':':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}
