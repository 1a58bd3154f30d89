// Package wandbread reads W&B offline runs for tests, independently of the
// W&B sink that writes them: it checks the .wandb file's framing and
// checksums as W&B's readers do and decodes every payload with the
// official protobuf runtime and the generated types of internal/wandbpb.
//
// The format, from W&B's public sources (core/pkg/leveldb,
// core/internal/transactionlog, wandb/sdk/internal/datastore.py): a 7-byte
// header ":W&B", the magic 0xBEE1 little-endian and the version byte 0;
// then a LevelDB-log-style stream cut into 32 KiB blocks at absolute file
// offsets (the header sits in the first block). Each chunk has a 7-byte
// header, a little-endian uint32 checksum, a little-endian uint16 length
// and a type (1 FULL, 2 FIRST, 3 MIDDLE, 4 LAST), then its payload; a
// chunk never crosses a block boundary, and fewer than 7 bytes left in a
// block are zero padding. The checksum is plain CRC-32 (IEEE) over the
// type byte and the payload, not LevelDB's masked CRC-32C. A record is a
// FULL chunk, or a FIRST, any MIDDLEs and a LAST.
package wandbread

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/genolewm/obs/internal/wandbpb"
)

// Format constants, as W&B defines them.
const (
	BlockSize  = 32 << 10
	HeaderSize = 7
	Magic      = 0xBEE1
	Version    = 0
)

// Chunk types.
const (
	Full   = 1
	First  = 2
	Middle = 3
	Last   = 4
)

// Chunk is one chunk as found in the file.
type Chunk struct {
	Offset int64 // of its header
	Type   byte
	Len    int
}

// File is a decoded .wandb file.
type File struct {
	Records []*wandbpb.Record
	// Payloads are the records' raw bytes, in order.
	Payloads [][]byte
	Chunks   []Chunk
}

// ReadFile reads and checks a .wandb file.
func ReadFile(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Parse(b)
}

// Parse checks the framing and checksums of b and decodes each payload.
// Any departure from the format is an error naming its offset.
func Parse(b []byte) (*File, error) {
	payloads, chunks, err := Frames(b)
	if err != nil {
		return nil, err
	}
	f := &File{Payloads: payloads, Chunks: chunks}
	for i, p := range payloads {
		r := &wandbpb.Record{}
		if err := proto.Unmarshal(p, r); err != nil {
			return nil, fmt.Errorf("record %d: %v", i, err)
		}
		if r.RecordType == nil {
			return nil, fmt.Errorf("record %d has no record type, which makes the uploader fail", i)
		}
		if path, ok := unknownField(r.ProtoReflect()); ok {
			return nil, fmt.Errorf("record %d holds a field W&B's schema does not define (in %s)", i, path)
		}
		f.Records = append(f.Records, r)
	}
	return f, nil
}

// Frames checks the file header, the framing and the checksums of b and
// returns the records' payloads and the chunks they came in.
func Frames(b []byte) ([][]byte, []Chunk, error) {
	if len(b) < HeaderSize {
		return nil, nil, errors.New("shorter than the 7-byte W&B header")
	}
	if string(b[:4]) != ":W&B" {
		return nil, nil, fmt.Errorf("header ident %q, want \":W&B\"", b[:4])
	}
	if m := binary.LittleEndian.Uint16(b[4:6]); m != Magic {
		return nil, nil, fmt.Errorf("header magic %#x, want %#x", m, Magic)
	}
	if b[6] != Version {
		return nil, nil, fmt.Errorf("header version %d, want %d", b[6], Version)
	}
	var payloads [][]byte
	var chunks []Chunk
	var rec []byte
	inRecord := false
	for off := int64(HeaderSize); off < int64(len(b)); {
		left := BlockSize - off%BlockSize
		if left < HeaderSize {
			end := min(off+left, int64(len(b)))
			if !allZero(b[off:end]) {
				return nil, nil, fmt.Errorf("offset %d: the %d bytes at the end of a block are not zero padding", off, left)
			}
			off += left
			continue
		}
		if off+HeaderSize > int64(len(b)) {
			return nil, nil, fmt.Errorf("offset %d: truncated chunk header", off)
		}
		h := b[off : off+HeaderSize]
		sum, n, typ := binary.LittleEndian.Uint32(h[0:4]), int64(binary.LittleEndian.Uint16(h[4:6])), h[6]
		if HeaderSize+n > left {
			return nil, nil, fmt.Errorf("offset %d: a chunk of %d bytes crosses the block boundary", off, n)
		}
		if off+HeaderSize+n > int64(len(b)) {
			return nil, nil, fmt.Errorf("offset %d: truncated chunk (%d bytes declared)", off, n)
		}
		payload := b[off+HeaderSize : off+HeaderSize+n]
		if want := crc32.ChecksumIEEE(append([]byte{typ}, payload...)); sum != want {
			return nil, nil, fmt.Errorf("offset %d: checksum %#08x, want %#08x (CRC-32/IEEE over type and payload)", off, sum, want)
		}
		chunks = append(chunks, Chunk{Offset: off, Type: typ, Len: int(n)})
		switch typ {
		case Full, First:
			if inRecord {
				return nil, nil, fmt.Errorf("offset %d: chunk type %d inside a record", off, typ)
			}
			rec = append([]byte(nil), payload...)
			inRecord = typ == First
		case Middle, Last:
			if !inRecord {
				return nil, nil, fmt.Errorf("offset %d: chunk type %d outside a record", off, typ)
			}
			rec = append(rec, payload...)
			inRecord = typ == Middle
		default:
			return nil, nil, fmt.Errorf("offset %d: unknown chunk type %d", off, typ)
		}
		if !inRecord {
			payloads = append(payloads, rec)
		}
		off += HeaderSize + n
	}
	if inRecord {
		return nil, nil, errors.New("the file ends inside a record")
	}
	return payloads, chunks, nil
}

func allZero(b []byte) bool { return len(bytes.Trim(b, "\x00")) == 0 }

// unknownField reports the first message, by path, that carries fields the
// generated types do not know: the writer used a wrong number or type.
func unknownField(m protoreflect.Message) (string, bool) {
	if len(m.GetUnknown()) > 0 {
		return string(m.Descriptor().FullName()), true
	}
	var path string
	found := false
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.Message() == nil:
		case fd.IsList():
			for i := 0; i < v.List().Len() && !found; i++ {
				path, found = unknownField(v.List().Get(i).Message())
			}
		default:
			path, found = unknownField(v.Message())
		}
		return !found
	})
	return path, found
}

// Run is one offline run folder under WANDB_DIR/wandb.
type Run struct {
	Dir  string // the offline-run-YYYYMMDD_HHMMSS-<id> folder
	File string // its only .wandb file
	ID   string
}

// Runs lists the offline runs under wandbDir/wandb, checking the layout
// `wandb sync` expects: a folder named offline-run-YYYYMMDD_HHMMSS-<id>
// holding exactly one .wandb file, run-<id>.wandb.
func Runs(wandbDir string) ([]Run, error) {
	root := filepath.Join(wandbDir, "wandb")
	ents, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	var runs []Run
	for _, e := range ents {
		name := e.Name()
		if !e.IsDir() || !strings.HasPrefix(name, "offline-run-") {
			continue
		}
		rest := strings.TrimPrefix(name, "offline-run-")
		if len(rest) < 17 || rest[8] != '_' || rest[15] != '-' {
			return nil, fmt.Errorf("%s: not offline-run-YYYYMMDD_HHMMSS-<id>", name)
		}
		id := rest[16:]
		files, err := os.ReadDir(filepath.Join(root, name))
		if err != nil {
			return nil, err
		}
		var wandb []string
		for _, f := range files {
			if strings.HasSuffix(f.Name(), ".wandb") {
				wandb = append(wandb, f.Name())
			}
		}
		if len(wandb) != 1 || wandb[0] != "run-"+id+".wandb" {
			return nil, fmt.Errorf("%s holds %v, want exactly run-%s.wandb", name, wandb, id)
		}
		runs = append(runs, Run{Dir: filepath.Join(root, name), File: filepath.Join(root, name, wandb[0]), ID: id})
	}
	return runs, nil
}
