package wandbrun

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/genolewm/obs/internal/wandbread"
)

// logOf frames payloads after the file header, as the writer does.
func logOf(payloads ...[]byte) []byte {
	b := appendFileHeader(nil)
	off := int64(len(b))
	for _, p := range payloads {
		b, off = appendFramed(b, off, p)
	}
	return b
}

func payload(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(r.Uint32())
	}
	return p
}

// TestFramingAroundBlockEdges frames records of every size around the
// 32 KiB edge, and records that start with every number of bytes from 0
// to 8 left in their block (where a chunk header does not fit and the
// block is padded), and multi-block records, and checks them with the
// independent reader (internal/wandbread): chunks never cross a block,
// padding is zeros, checksums hold, payloads come back byte for byte.
func TestFramingAroundBlockEdges(t *testing.T) {
	const first = blockSize - fileHeaderSize - chunkHeader // fills block 0 exactly
	var cases [][][]byte
	for n := first - 24; n <= first+24; n++ {
		for _, second := range []int{0, 1, 100, blockSize - chunkHeader, blockSize - chunkHeader + 1, 2*blockSize + 5} {
			cases = append(cases, [][]byte{payload(n, 1), payload(second, 2)})
		}
	}
	for k := 1; k <= 3; k++ {
		for d := -9; d <= 9; d++ {
			cases = append(cases, [][]byte{payload(k*(blockSize-chunkHeader)+d, 3)})
		}
	}
	for _, c := range cases {
		b := logOf(c...)
		got, chunks, err := wandbread.Frames(b)
		if err != nil {
			t.Fatalf("sizes %d, %d: %v", len(c[0]), len(c[len(c)-1]), err)
		}
		if len(got) != len(c) {
			t.Fatalf("sizes %d...: %d records back, want %d", len(c[0]), len(got), len(c))
		}
		for i := range c {
			if !bytes.Equal(got[i], c[i]) {
				t.Fatalf("sizes %d...: record %d differs", len(c[0]), i)
			}
		}
		for _, ch := range chunks {
			if ch.Offset/blockSize != (ch.Offset+chunkHeader+int64(ch.Len)-1)/blockSize {
				t.Fatalf("a chunk at %d of %d bytes crosses a block", ch.Offset, ch.Len)
			}
		}
	}
}

// TestFramingChunkTypes pins the chunk types at the edges: a record that
// just fits is one FULL chunk, one byte more spills a LAST chunk into the
// next block, and with exactly 7 bytes left a record starts with an empty
// FIRST chunk (W&B's writers do the same).
func TestFramingChunkTypes(t *testing.T) {
	const first = blockSize - fileHeaderSize - chunkHeader
	types := func(ps ...[]byte) []byte {
		_, chunks, err := wandbread.Frames(logOf(ps...))
		if err != nil {
			t.Fatal(err)
		}
		var out []byte
		for _, c := range chunks {
			out = append(out, c.Type)
		}
		return out
	}
	if got := types(payload(first, 1)); !bytes.Equal(got, []byte{chunkFull}) {
		t.Errorf("a record that fills the block: chunk types %v", got)
	}
	if got := types(payload(first+1, 1)); !bytes.Equal(got, []byte{chunkFirst, chunkLast}) {
		t.Errorf("one byte more: chunk types %v", got)
	}
	if got := types(payload(first-chunkHeader, 1), payload(10, 2)); !bytes.Equal(got, []byte{chunkFull, chunkFirst, chunkLast}) {
		t.Errorf("7 bytes left: chunk types %v", got)
	}
	if got := types(payload(3*blockSize, 1)); !bytes.Equal(got, []byte{chunkFirst, chunkMiddle, chunkMiddle, chunkLast}) {
		t.Errorf("a 3-block record: chunk types %v", got)
	}
	if b := appendFileHeader(nil); !bytes.Equal(b, []byte{':', 'W', '&', 'B', 0xE1, 0xBE, 0}) {
		t.Errorf("file header % x", b)
	}
}

// TestCorruptByteDetected flips each byte of a small log, and a sample of
// a multi-block one, past the file header: the reader must refuse every
// one (the checksum covers type and payload; lengths, checksums and
// padding are checked against it).
func TestCorruptByteDetected(t *testing.T) {
	small := logOf(payload(40, 1), payload(0, 2), payload(300, 3))
	// 3 bytes of padding end block 0; the second record spans blocks 1-2.
	big := logOf(payload(blockSize-fileHeaderSize-chunkHeader-3, 4), payload(blockSize+100, 5))
	if _, chunks, _ := wandbread.Frames(big); len(chunks) < 2 || chunks[1].Offset != blockSize {
		t.Fatalf("the multi-block log has no padding before block 1: %+v", chunks)
	}
	for _, c := range []struct {
		b    []byte
		step int
	}{{small, 1}, {big, 61}} {
		if _, _, err := wandbread.Frames(c.b); err != nil {
			t.Fatalf("the intact log is refused: %v", err)
		}
		for i := 0; i < len(c.b); i += c.step {
			bad := bytes.Clone(c.b)
			bad[i] ^= 0x5a
			if _, _, err := wandbread.Frames(bad); err == nil {
				t.Fatalf("byte %d of %d corrupted, and the reader accepted the log", i, len(c.b))
			}
			// The crash helper's own scan must stop before the damage.
			if sc := scanLog(bad); sc.ok && sc.end > int64(i) && i >= fileHeaderSize {
				t.Fatalf("byte %d corrupted: scanLog trusts the log up to %d", i, sc.end)
			}
		}
	}
}
