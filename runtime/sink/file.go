package sink

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/genolewm/obs/runtime/redact"
)

// File appends records to a JSON Lines file, one Write per record: within
// a process os.File serializes writes, so lines never interleave.
type File struct {
	f    *os.File
	path string
}

// OpenRunFile opens dir/runID.jsonl for appending, creating dir with
// owner-only permissions (logs are personal-data adjacent even when clean)
// and the file owner-only.
func OpenRunFile(dir, runID string) (*File, error) {
	if runID == "" || strings.ContainsAny(runID, `/\`) || runID == "." || runID == ".." {
		return nil, fmt.Errorf("sink: run id %q cannot name a file", runID)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("sink: creating log dir: %w", err)
	}
	return OpenPath(filepath.Join(dir, runID+".jsonl"))
}

// OpenPath opens path for appending with owner-only permissions.
func OpenPath(path string) (*File, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sink: %w", err)
	}
	return &File{f: f, path: path}, nil
}

// Path is the file's path.
func (s *File) Path() string { return s.path }

// WriteRecord appends the record's line in a single write.
func (s *File) WriteRecord(r *redact.Record) error {
	_, err := s.f.Write(r.Bytes())
	return err
}

// Close syncs the file to disk and closes it.
func (s *File) Close() error {
	syncErr := s.f.Sync()
	if errors.Is(syncErr, os.ErrInvalid) || errors.Is(syncErr, syscall.EINVAL) {
		syncErr = nil // not a regular file (a pipe, /dev/full): nothing to sync
	}
	return errors.Join(syncErr, s.f.Close())
}
