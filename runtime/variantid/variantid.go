package variantid

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
)

// MinKeyLen is the shortest accepted key.
const MinKeyLen = 16

// Hasher derives variant ids under one key.
type Hasher struct{ key []byte }

// New returns a hasher for key (at least MinKeyLen bytes). Keep the key
// secret and stable for ids that must join across runs.
func New(key []byte) (*Hasher, error) {
	if len(key) < MinKeyLen {
		return nil, errors.New("variantid: key shorter than 16 bytes")
	}
	return &Hasher{key: append([]byte(nil), key...)}, nil
}

// NewRandom returns a hasher with a fresh random key: ids are stable
// within the process only.
func NewRandom() *Hasher {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic(err) // crypto/rand never fails on Linux
	}
	return &Hasher{key: key}
}

// ID returns "v1-" and 32 hex digits for the variant. Chromosome names are
// normalized (a leading "chr" dropped, upper case) and alleles upper-cased,
// so that chr1/1 and acgt/ACGT give one id.
func (h *Hasher) ID(chrom string, pos int64, ref, alt string) string {
	c := strings.TrimPrefix(strings.ToUpper(chrom), "CHR")
	m := hmac.New(sha256.New, h.key)
	// Length-prefixed fields: no two variants share an encoding.
	for _, part := range []string{c, strconv.FormatInt(pos, 10), strings.ToUpper(ref), strings.ToUpper(alt)} {
		m.Write([]byte(strconv.Itoa(len(part))))
		m.Write([]byte{':'})
		m.Write([]byte(part))
	}
	sum := m.Sum(nil)
	return "v1-" + hex.EncodeToString(sum[:16])
}
