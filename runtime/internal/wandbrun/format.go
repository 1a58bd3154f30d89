package wandbrun

import (
	"encoding/binary"
	"hash/crc32"
)

// The .wandb file is W&B's transaction log (core/pkg/leveldb,
// core/internal/transactionlog and wandb/sdk/internal/datastore.py in the
// public wandb/wandb repository): LevelDB's log framing with W&B's own
// header and checksum.
const (
	// blockSize: chunks never cross a multiple of it, counted from the
	// start of the file (the file header sits in the first block).
	blockSize = 32 << 10
	// chunkHeader is a chunk's checksum (uint32 LE), length (uint16 LE)
	// and type; a block with fewer bytes left is padded with zeros.
	chunkHeader = 7
	// fileHeader is ":W&B", the magic 0xBEE1 as little-endian bytes and
	// the store version.
	fileHeaderSize = 7
	magic          = 0xBEE1
	// storeVersion 0 is what every released wandb through 0.30 writes
	// and reads (`wandb sync` refuses any other value).
	storeVersion = 0
)

// Chunk types.
const (
	chunkFull   = 1
	chunkFirst  = 2
	chunkMiddle = 3
	chunkLast   = 4
)

// appendFileHeader appends the 7-byte file header.
func appendFileHeader(b []byte) []byte {
	b = append(b, ':', 'W', '&', 'B')
	b = binary.LittleEndian.AppendUint16(b, magic)
	return append(b, storeVersion)
}

// appendFramed appends payload as one record of chunks, for a record that
// starts at file offset off, and returns the bytes and the offset after
// them. Before a chunk header that would not fit in the block, the rest
// of the block is zeros. The checksum is plain CRC-32 (IEEE) over the
// chunk's type byte and payload: W&B's readers do not take LevelDB's
// masked CRC-32C.
func appendFramed(b []byte, off int64, payload []byte) ([]byte, int64) {
	first := true
	for {
		left := int(blockSize - off%blockSize)
		if left < chunkHeader {
			for i := 0; i < left; i++ {
				b = append(b, 0)
			}
			off += int64(left)
			left = blockSize
		}
		n := min(len(payload), left-chunkHeader)
		last := n == len(payload)
		var typ byte
		switch {
		case first && last:
			typ = chunkFull
		case first:
			typ = chunkFirst
		case last:
			typ = chunkLast
		default:
			typ = chunkMiddle
		}
		sum := crc32.Update(crc32.ChecksumIEEE([]byte{typ}), crc32.IEEETable, payload[:n])
		b = binary.LittleEndian.AppendUint32(b, sum)
		b = binary.LittleEndian.AppendUint16(b, uint16(n))
		b = append(b, typ)
		b = append(b, payload[:n]...)
		off += int64(chunkHeader + n)
		payload = payload[n:]
		if last {
			return b, off
		}
		first = false
	}
}
