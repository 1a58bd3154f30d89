package wandbrun

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"

	"github.com/genolewm/obs/internal/dna"
)

// The W&B run id rule used here: 1 to 64 letters, digits, '.', '_' or '-',
// starting with a letter or digit, and no DNA run. W&B itself refuses
// only / \ # ? % : in an id; the id also names the run's folder and file
// and appears in the run's URL, so the rule keeps it a plain name. The
// 64 is this package's bound, short enough for every W&B server.
const maxIDLen = 64

// ErrBadID is the error for an id that breaks the rule; it never repeats
// the id.
var ErrBadID = errors.New("must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit, without a DNA sequence")

// CheckID reports whether id may be a W&B run id.
func CheckID(id string) error {
	if id == "" || len(id) > maxIDLen || !alnum(id[0]) || dna.Has(id) {
		return ErrBadID
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !alnum(c) && c != '.' && c != '_' && c != '-' {
			return ErrBadID
		}
	}
	return nil
}

// IDFor returns the W&B run id of a session run id: the run id itself when
// it fits the rule, so that the W&B run and the log file share a name;
// otherwise its first 55 allowed characters and 8 hex digits of its
// SHA-256, so that different run ids keep different W&B ids and the same
// run id always maps to the same one.
func IDFor(runID string) string {
	if CheckID(runID) == nil {
		return runID
	}
	sum := sha256.Sum256([]byte(runID))
	var keep []byte
	for i := 0; i < len(runID) && len(keep) < maxIDLen-9; i++ {
		if c := runID[i]; alnum(c) || (len(keep) > 0 && (c == '.' || c == '_' || c == '-')) {
			keep = append(keep, c)
		}
	}
	id := string(keep) + "-" + hex.EncodeToString(sum[:4])
	if len(keep) == 0 || CheckID(id) != nil {
		// Nothing usable (or the kept part is sequence-like): the digest
		// alone, with a letter first.
		id = "r" + hex.EncodeToString(sum[:8])
	}
	return id
}

func alnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
