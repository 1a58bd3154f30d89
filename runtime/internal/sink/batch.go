package sink

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/genolewm/obs/runtime/internal/schema"
)

// One write(2) per batch, and whole lines only.
//
// The writer hands each pending batch to the kernel in a single write on
// an O_APPEND descriptor. On Linux a write to a regular file holds the
// inode's lock for its whole length (generic_perform_write under
// inode_lock, for ext4, xfs, btrfs and tmpfs alike), and O_APPEND places it
// at the end of the file under that lock: a batch from one process never
// interleaves with a batch from another, whatever its size, as long as it
// is written in one call. (Pipes are atomic only up to PIPE_BUF, but a
// FIFO is refused at open; NFS does not honour O_APPEND atomically, so
// processes on several hosts must not share a file.)
//
// A write can still be short: the disk fills in the middle of a batch.
// os.File.Write already completes short writes that the kernel reports
// without an error; one that ends in an error (ENOSPC, EIO) is undone back
// to the last whole line:
//   - if nothing was appended after it, the fragment is truncated away;
//   - if another process appended after it meanwhile, truncating would
//     destroy their lines, so the fragment is overwritten in place with
//     spaces and a newline: a blank line, the one marker line readers
//     must skip (obsgen live-check counts them as padding).
//
// The lines that did not make it are counted (dropped{reason=write_error})
// and, once a write succeeds again, noted in the log itself by an
// observability.records.lost record.

// outcome is what one batch lost, by reason.
type outcome struct {
	lost  [schema.NumDropReasons]uint64
	cause error
}

func (o *outcome) any() bool {
	for _, n := range o.lost {
		if n > 0 {
			return true
		}
	}
	return false
}

// write is the writer goroutine: it swaps the pending batch for an empty
// one, writes it, and reports.
func (s *File) write() {
	defer close(s.done)
	var batch []byte
	var ends []int
	abandoned := false
	for {
		s.mu.Lock()
		for len(s.ends) == 0 && !s.closed {
			s.mu.Unlock()
			<-s.kick
			s.mu.Lock()
		}
		if len(s.ends) == 0 || s.abandoned {
			abandoned = s.abandoned
			s.mu.Unlock()
			break
		}
		batch, s.pending = s.pending, batch[:0]
		ends, s.ends = s.ends, ends[:0]
		s.signal() // room for waiting callers
		s.mu.Unlock()

		out := s.writeBatch(batch, ends)

		s.mu.Lock()
		if s.abandoned {
			// Close gave up on this batch and counted it: nothing more.
			abandoned = true
			s.mu.Unlock()
			break
		}
		s.written += uint64(len(ends))
		s.stalled = false
		var notice [schema.NumDropReasons]uint64
		recovered := false
		if out.any() {
			for why, n := range out.lost {
				s.lost[why] += n
			}
		} else if s.lost != notice && s.rep.Load() != nil {
			notice, s.lost, recovered = s.lost, notice, true
			s.notifying++
		}
		s.signal()
		s.mu.Unlock()
		for why, n := range out.lost {
			cause := out.cause
			if why != int(schema.DropWriteError) {
				cause = nil
			}
			s.report(schema.DropReason(why), n, cause)
		}
		if recovered {
			// Its own goroutine: the notice is a warn record, whose
			// WriteRecord waits for this writer.
			go s.notify(*s.rep.Load(), notice)
		}
		if cap(batch) > maxBatch {
			batch = nil // do not pin a buffer grown by one huge record
		}
	}
	if abandoned && s.f != nil {
		s.f.Close() // Close returned without it
	}
}

// notify passes a loss notice on, and lets Close go on once it is queued.
func (s *File) notify(r Reporter, lost [schema.NumDropReasons]uint64) {
	r.Recovered(lost)
	s.mu.Lock()
	s.notifying--
	s.signal()
	s.mu.Unlock()
}

// writeBatch writes the batch in one call and keeps the file whole.
func (s *File) writeBatch(batch []byte, ends []int) (out outcome) {
	if s.f == nil {
		if err := s.reopen(); err != nil {
			out.lost[schema.DropWriteError] = uint64(len(ends))
			out.cause = err
			return out
		}
	}
	n, err := s.f.Write(batch)
	whole := len(ends)
	if err != nil {
		whole = 0
		for whole < len(ends) && ends[whole] <= n {
			whole++
		}
		end := 0
		if whole > 0 {
			end = ends[whole-1]
		}
		if frag := n - end; frag > 0 {
			if uerr := s.undo(int64(frag)); uerr != nil {
				err = fmt.Errorf("%w; and undoing the partial line failed: %v", err, uerr)
			}
		}
		out.lost[schema.DropWriteError] = uint64(len(ends) - whole)
		out.cause = err
	}
	s.checkRotation(&out, uint64(whole))
	return out
}

// undo removes, or blanks out, the last frag bytes this process appended.
func (s *File) undo(frag int64) error {
	end, err := s.f.Seek(0, io.SeekCurrent) // after an O_APPEND write: the end of ours
	if err != nil {
		return err
	}
	start := end - frag
	fi, err := s.f.Stat()
	if err != nil {
		return err
	}
	if fi.Size() == end {
		return s.f.Truncate(start)
	}
	// Someone appended after us. Overwriting needs a descriptor without
	// O_APPEND (pwrite on one appends, on Linux): reopen this very file.
	g, err := os.OpenFile("/proc/self/fd/"+strconv.Itoa(int(s.f.Fd())), os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	pad := make([]byte, frag)
	for i := range pad {
		pad[i] = ' '
	}
	pad[frag-1] = '\n'
	_, err = g.WriteAt(pad, start)
	if cerr := g.Close(); err == nil {
		err = cerr
	}
	return err
}

// checkRotation notices that the path no longer names the open file
// (deleted, or renamed by logrotate before it creates a new one) and
// reopens the path. The lines just written went to the old file: kept
// there if it was renamed, lost (and counted) if it was deleted. The check
// runs after every batch, so no other batch can have gone there.
func (s *File) checkRotation(out *outcome, written uint64) {
	if id, ok := statID(s.path); ok && id == s.id {
		return
	}
	var st syscall.Stat_t
	if err := syscall.Fstat(int(s.f.Fd()), &st); err == nil && st.Nlink == 0 {
		out.lost[schema.DropFileDeleted] += written
	}
	s.f.Close()
	s.f = nil
	if err := s.reopen(); err != nil && out.cause == nil {
		out.cause = err // the next batch counts its lines as write errors
	}
}

// reopen opens the path again, as OpenRunFile did.
func (s *File) reopen() error {
	if err := prepareDir(filepath.Dir(s.path)); err != nil {
		return err
	}
	f, id, err := openLog(s.path)
	if err != nil {
		return err
	}
	s.f, s.id = f, id
	return nil
}
