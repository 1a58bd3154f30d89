package sink

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// The log dir and the log file are opened as a careful daemon opens them:
// another local user may have planted something at the path before the
// run started (a symbolic link to a file of theirs or of root, a FIFO that
// blocks open forever, a hard link), or created the folder with modes that
// let them read what is logged. Each case is refused with an error that
// says what to do, or (only for modes that let others read) repaired.

// prepareDir creates dir owner-only, or checks a folder that exists: it
// must be ours and not writable by others, and is made owner-only if
// others can read or search it.
func prepareDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("sink: creating the log dir: %w", err)
	}
	fi, err := os.Stat(dir) // a link the operator made for the folder itself is followed
	if err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("sink: log dir %s is not a directory; remove it or choose another GENO_LEWM_LOG_DIR (-log-dir)", dir)
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if ok && int(st.Uid) != os.Geteuid() {
		return fmt.Errorf("sink: log dir %s belongs to another user, who could replace the files in it; chown it to the user running the program, or choose another GENO_LEWM_LOG_DIR (-log-dir)", dir)
	}
	perm := fi.Mode().Perm()
	if perm&0o022 != 0 {
		return fmt.Errorf("sink: others can write to log dir %s and could plant files in it; run chmod 700 on it, or choose another GENO_LEWM_LOG_DIR (-log-dir)", dir)
	}
	if perm&0o077 != 0 {
		// Others could read the logs: tighten, as the runtime would have
		// created it.
		if err := os.Chmod(dir, 0o700); err != nil {
			return fmt.Errorf("sink: making log dir %s owner-only (chmod 700): %w", dir, err)
		}
	}
	return nil
}

// openFlags open for appending, never following a link at the last
// component (ELOOP), and never blocking on a FIFO without a reader
// (ENXIO); O_NONBLOCK is cleared again once the file is known regular.
const openFlags = syscall.O_WRONLY | syscall.O_APPEND | syscall.O_CREAT | syscall.O_NOFOLLOW | syscall.O_NONBLOCK | syscall.O_CLOEXEC

// openLog opens path for appending as described above and returns the
// file and its identity (device and inode), used to notice rotation.
func openLog(path string) (*os.File, fileID, error) {
	fd, err := syscall.Open(path, openFlags, 0o600)
	for errors.Is(err, syscall.EINTR) {
		fd, err = syscall.Open(path, openFlags, 0o600)
	}
	switch {
	case errors.Is(err, syscall.ELOOP):
		return nil, fileID{}, fmt.Errorf("sink: log file %s is a symbolic link, which the runtime never follows (someone may have planted it to get the log appended elsewhere); remove it", path)
	case errors.Is(err, syscall.ENXIO):
		return nil, fileID{}, fmt.Errorf("sink: log file %s is not a regular file (a FIFO or a socket); remove it", path)
	case err != nil:
		return nil, fileID{}, fmt.Errorf("sink: opening log file %s: %w", path, err)
	}
	id, err := checkOpened(fd, path)
	if err != nil {
		syscall.Close(fd)
		return nil, fileID{}, err
	}
	if err := syscall.SetNonblock(fd, false); err != nil {
		syscall.Close(fd)
		return nil, fileID{}, fmt.Errorf("sink: log file %s: %w", path, err)
	}
	return os.NewFile(uintptr(fd), path), id, nil
}

// fileID is a file's identity.
type fileID struct{ dev, ino uint64 }

// checkOpened checks what open returned: a regular file of ours with one
// link, made owner-only if others could read it.
func checkOpened(fd int, path string) (fileID, error) {
	var st syscall.Stat_t
	if err := syscall.Fstat(fd, &st); err != nil {
		return fileID{}, fmt.Errorf("sink: log file %s: %w", path, err)
	}
	switch {
	case st.Mode&syscall.S_IFMT != syscall.S_IFREG:
		return fileID{}, fmt.Errorf("sink: log file %s is not a regular file (a FIFO, a device or a socket); remove it", path)
	case int(st.Uid) != os.Geteuid():
		return fileID{}, fmt.Errorf("sink: log file %s belongs to another user; remove it or choose another run id", path)
	case st.Nlink > 1:
		return fileID{}, fmt.Errorf("sink: log file %s has other hard links, one of which could be someone else's file; remove it", path)
	}
	if st.Mode&0o077 != 0 {
		if err := syscall.Fchmod(fd, 0o600); err != nil {
			return fileID{}, fmt.Errorf("sink: making log file %s owner-only (chmod 600): %w", path, err)
		}
	}
	return fileID{dev: uint64(st.Dev), ino: st.Ino}, nil //nolint:unconvert // Dev is narrower on some platforms
}

// statID returns the identity of what path names now, without following
// a link.
func statID(path string) (fileID, bool) {
	var st syscall.Stat_t
	if err := syscall.Lstat(path, &st); err != nil {
		return fileID{}, false
	}
	return fileID{dev: uint64(st.Dev), ino: st.Ino}, true //nolint:unconvert // Dev is narrower on some platforms
}

// runFilePath checks that runID can name a file in dir.
func runFilePath(dir, runID string) (string, error) {
	if runID == "" || strings.ContainsAny(runID, `/\`+"\x00") || runID == "." || runID == ".." {
		// The caller checked the run id rule already; never repeat it.
		return "", errors.New("sink: the run id cannot name a file; use letters, digits, '.', '_' and '-'")
	}
	return filepath.Join(dir, runID+".jsonl"), nil
}
