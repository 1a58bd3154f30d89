package wandbrun

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// The layout `wandb sync` reads: ${WANDB_DIR}/wandb/offline-run-<local
// time as YYYYMMDD_HHMMSS>-<id>/run-<id>.wandb, beside empty files/ and
// logs/ folders. `wandb sync` skips a folder whose name does not start with
// offline- (or run-), and one that holds anything but exactly one .wandb
// file.
//
// Opening follows the JSON Lines sink's rules: the run's folder is created
// fresh and owner-only (0700), the .wandb file with O_CREAT|O_EXCL (so
// nothing planted at its path, link or FIFO, is ever opened) and
// O_NOFOLLOW, 0600. The wandb folder may already exist (the W&B client
// shares it); it must then be a folder of the running user that others
// cannot write to, or nothing is written.

// layout is where a run's files are.
type layout struct {
	dir  string // the offline-run folder
	path string // its .wandb file
}

func runLayout(wandbDir, id string, start time.Time) layout {
	dir := filepath.Join(wandbDir, "wandb", "offline-run-"+start.Local().Format("20060102_150405")+"-"+id)
	return layout{dir: dir, path: filepath.Join(dir, "run-"+id+".wandb")}
}

// create makes the run's folders and its .wandb file, and returns the file
// open for writing. On failure it leaves nothing of the run behind.
func (l layout) create() (f *os.File, err error) {
	root := filepath.Dir(l.dir)
	if err := os.MkdirAll(filepath.Dir(root), 0o700); err != nil {
		return nil, fmt.Errorf("wandbrun: creating WANDB_DIR: %w", err)
	}
	if err := os.Mkdir(root, 0o700); err != nil && !errors.Is(err, os.ErrExist) {
		return nil, fmt.Errorf("wandbrun: creating %s: %w", root, err)
	}
	if err := checkShared(root); err != nil {
		return nil, err
	}
	if err := os.Mkdir(l.dir, 0o700); err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("wandbrun: the W&B run folder %s already exists; give this run another WANDB_RUN_ID, or remove the folder", l.dir)
		}
		return nil, fmt.Errorf("wandbrun: creating the W&B run folder: %w", err)
	}
	defer func() {
		if err != nil {
			_ = os.RemoveAll(l.dir) // our own fresh folder: nothing half-made stays
		}
	}()
	for _, sub := range []string{"files", "logs"} {
		if err := os.Mkdir(filepath.Join(l.dir, sub), 0o700); err != nil {
			return nil, fmt.Errorf("wandbrun: creating the W&B run folder: %w", err)
		}
	}
	fd, err := syscall.Open(l.path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o600)
	for errors.Is(err, syscall.EINTR) {
		fd, err = syscall.Open(l.path, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_EXCL|syscall.O_NOFOLLOW|syscall.O_CLOEXEC, 0o600)
	}
	if err != nil {
		return nil, fmt.Errorf("wandbrun: creating %s: %w", l.path, err)
	}
	return os.NewFile(uintptr(fd), l.path), nil
}

// checkShared checks the wandb folder, which may predate the run (the W&B
// client creates it too): a folder of ours (a link the operator made for
// it is followed) that no one else can write to, who could otherwise move
// or replace the runs in it.
func checkShared(root string) error {
	fi, err := os.Stat(root)
	if err != nil {
		return fmt.Errorf("wandbrun: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("wandbrun: %s is not a directory; remove it or choose another WANDB_DIR", root)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Geteuid() {
		return fmt.Errorf("wandbrun: %s belongs to another user, who could replace the runs in it; choose another WANDB_DIR", root)
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("wandbrun: others can write to %s and could replace the runs in it; run chmod go-w on it, or choose another WANDB_DIR", root)
	}
	return nil
}
