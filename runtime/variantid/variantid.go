package variantid

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"hash"
	"strconv"
	"strings"
	"sync"
)

// MinKeyLen is the shortest accepted key.
const MinKeyLen = 16

// Hasher derives variant ids under one key. It is safe for concurrent use.
type Hasher struct {
	// states holds keyed HMAC states with a message buffer: Reset brings
	// one back to the keyed start, so an id costs no key schedule, and the
	// buffer is reused (a message passed to the hash escapes to the heap).
	states sync.Pool
}

type state struct {
	mac hash.Hash
	msg []byte
}

// New returns a hasher for key (at least MinKeyLen bytes). Keep the key
// secret and stable for ids that must join across runs.
func New(key []byte) (*Hasher, error) {
	if len(key) < MinKeyLen {
		return nil, errors.New("variantid: key shorter than 16 bytes")
	}
	k := append([]byte(nil), key...)
	h := &Hasher{}
	h.states.New = func() any { return &state{mac: hmac.New(sha256.New, k), msg: make([]byte, 0, 256)} }
	return h, nil
}

// NewRandom returns a hasher with a fresh random key: ids are stable
// within the process only.
func NewRandom() *Hasher {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic(err) // crypto/rand never fails on Linux
	}
	h, _ := New(key)
	return h
}

// ID returns "v1-" and 32 hex digits for the variant. Chromosome names are
// normalized (upper case, a leading "CHR" dropped) and alleles upper-cased,
// so that chr1, Chr1 and 1, or acgt and ACGT, give one id.
func (h *Hasher) ID(chrom string, pos int64, ref, alt string) string {
	if len(chrom) >= 3 && strings.EqualFold(chrom[:3], "chr") {
		chrom = chrom[3:]
	}
	st := h.states.Get().(*state)
	// The message, length-prefixed field by field so that no two variants
	// share an encoding.
	var num [20]byte
	msg := appendField(st.msg[:0], chrom)
	msg = appendField(msg, strconv.AppendInt(num[:0], pos, 10))
	msg = appendField(msg, ref)
	msg = appendField(msg, alt)
	st.mac.Reset()
	st.mac.Write(msg)
	var sum [sha256.Size]byte
	st.mac.Sum(sum[:0])
	if cap(msg) <= 4<<10 {
		st.msg = msg // keep a grown buffer unless one huge indel grew it
	}
	h.states.Put(st)
	var out [3 + 32]byte
	copy(out[:], "v1-")
	hex.Encode(out[3:], sum[:16])
	return string(out[:])
}

// appendField appends len(s), ':' and s upper-cased (ASCII).
func appendField[S string | []byte](b []byte, s S) []byte {
	b = strconv.AppendInt(b, int64(len(s)), 10)
	b = append(b, ':')
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}
