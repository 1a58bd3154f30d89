package wandbrun

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"syscall"
	"time"

	"google.golang.org/protobuf/encoding/protowire"
)

// maxFinish bounds the file Finish reads: far above any run's log, so that
// a crashing process's helper never reads without bound.
const maxFinish = 1 << 30

// Finish ends the run in the .wandb file at path after its process died
// without closing it (a fatal error): it keeps the file up to its last
// whole record, and appends an exit record with code and the final record,
// then syncs. A file that already ends with them is left as it is.
// runtime/observe's crash monitor calls it; the file is opened without
// following a link and must be a regular file of the running user.
func Finish(path string, code int32, now time.Time) error {
	fd, err := syscall.Open(path, syscall.O_RDWR|syscall.O_NOFOLLOW|syscall.O_NONBLOCK|syscall.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("wandbrun: opening the W&B run: %w", err)
	}
	f := os.NewFile(uintptr(fd), path)
	defer f.Close()
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return fmt.Errorf("wandbrun: %w", err)
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG || int(st.Uid) != os.Geteuid() || st.Nlink != 1 || st.Size > maxFinish {
		return errors.New("wandbrun: the W&B run file is not a regular file of ours with one link; left as it is")
	}
	b, err := io.ReadAll(io.LimitReader(f, maxFinish))
	if err != nil {
		return fmt.Errorf("wandbrun: reading the W&B run: %w", err)
	}
	sc := scanLog(b)
	if !sc.ok {
		return errors.New("wandbrun: the W&B run file does not start with a W&B header; left as it is")
	}
	if sc.lastType == recExit || sc.lastType == recFinal {
		return nil
	}
	runtime := int32(0)
	if sc.start > 0 {
		runtime = int32(min(max(now.Unix()-sc.start, 0), 1<<31-1))
	}
	tail, _ := appendFramed(nil, sc.end, appendExit(nil, sc.records+1, code, runtime))
	fin, _ := appendFramed(nil, sc.end+int64(len(tail)), appendFinal(nil, sc.records+2))
	tail = append(tail, fin...)
	if err := f.Truncate(sc.end); err != nil {
		return fmt.Errorf("wandbrun: %w", err)
	}
	if _, err := f.WriteAt(tail, sc.end); err != nil {
		_ = f.Truncate(sc.end)
		return fmt.Errorf("wandbrun: appending the exit record: %w", err)
	}
	return f.Sync()
}

// scan is what scanLog found.
type scan struct {
	ok       bool
	end      int64 // offset after the last whole record
	records  int64
	lastType protowire.Number // record type of the last whole record
	start    int64            // the run record's start time, Unix seconds
}

// scanLog walks the chunks of b and stops at the first one that is not
// whole and valid: what follows a torn or corrupt chunk is not trusted.
func scanLog(b []byte) scan {
	if len(b) < fileHeaderSize || string(b[:4]) != ":W&B" || binary.LittleEndian.Uint16(b[4:6]) != magic || b[6] != storeVersion {
		return scan{}
	}
	sc := scan{ok: true, end: fileHeaderSize}
	var rec []byte
	inRec := false
	for off := int64(fileHeaderSize); off < int64(len(b)); {
		left := blockSize - off%blockSize
		if left < chunkHeader {
			for _, c := range b[off:min(off+left, int64(len(b)))] {
				if c != 0 {
					return sc // padding is zeros
				}
			}
			off += left
			continue
		}
		if off+chunkHeader > int64(len(b)) {
			break
		}
		sum := binary.LittleEndian.Uint32(b[off:])
		n := int64(binary.LittleEndian.Uint16(b[off+4:]))
		typ := b[off+6]
		if chunkHeader+n > left || off+chunkHeader+n > int64(len(b)) {
			break
		}
		payload := b[off+chunkHeader : off+chunkHeader+n]
		if crc32.Update(crc32.ChecksumIEEE([]byte{typ}), crc32.IEEETable, payload) != sum {
			break
		}
		off += chunkHeader + n
		switch {
		case typ == chunkFull || typ == chunkFirst:
			rec, inRec = append(rec[:0], payload...), typ == chunkFirst
		case (typ == chunkMiddle || typ == chunkLast) && inRec:
			rec, inRec = append(rec, payload...), typ == chunkMiddle
		default:
			return sc
		}
		if !inRec {
			sc.end, sc.records = off, sc.records+1
			sc.lastType = recordType(rec)
			if sc.lastType == recRun {
				sc.start = runStart(rec)
			}
		}
	}
	return sc
}

// recordType is the number of the record_type field set in a Record.
func recordType(rec []byte) protowire.Number {
	var typ protowire.Number
	eachField(rec, func(num protowire.Number, _ protowire.Type, v []byte) {
		if num >= recHistory && num < 200 && num != 16 && num != 19 {
			typ = num
		}
	})
	return typ
}

// runStart reads RunRecord.start_time.seconds from a run Record.
func runStart(rec []byte) int64 {
	var secs int64
	eachField(rec, func(num protowire.Number, _ protowire.Type, run []byte) {
		if num != recRun {
			return
		}
		eachField(run, func(num protowire.Number, _ protowire.Type, ts []byte) {
			if num != runStartTime {
				return
			}
			eachField(ts, func(num protowire.Number, typ protowire.Type, v []byte) {
				if num == timestampSeconds && typ == protowire.VarintType {
					if x, n := protowire.ConsumeVarint(v); n > 0 {
						secs = int64(x)
					}
				}
			})
		})
	})
	return secs
}

// eachField calls fn with every field of a message: the raw varint bytes
// for varints, the contents for length-delimited fields.
func eachField(b []byte, fn func(protowire.Number, protowire.Type, []byte)) {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return
		}
		b = b[n:]
		m := protowire.ConsumeFieldValue(num, typ, b)
		if m < 0 {
			return
		}
		v := b[:m]
		if typ == protowire.BytesType {
			if c, k := protowire.ConsumeBytes(b); k > 0 {
				v = c
			}
		}
		fn(num, typ, v)
		b = b[m:]
	}
}
