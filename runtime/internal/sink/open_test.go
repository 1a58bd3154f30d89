package sink_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/genolewm/obs/runtime/internal/sink"
)

// TestOpenRefusesPlantedFiles: whatever another user planted at the log
// file's path is refused with an error saying what to do, and nothing is
// written through it.
func TestOpenRefusesPlantedFiles(t *testing.T) {
	t.Run("symlink", func(t *testing.T) {
		dir := t.TempDir()
		victim := filepath.Join(t.TempDir(), "victim")
		if err := os.WriteFile(victim, []byte("precious\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(victim, filepath.Join(dir, "run-1.jsonl")); err != nil {
			t.Fatal(err)
		}
		_, err := sink.OpenRunFile(dir, "run-1", sink.Options{})
		if err == nil || !strings.Contains(err.Error(), "symbolic link") || !strings.Contains(err.Error(), "remove it") {
			t.Errorf("planted symlink: err = %v", err)
		}
		if b, _ := os.ReadFile(victim); string(b) != "precious\n" {
			t.Errorf("the victim changed: %q", b)
		}
	})
	t.Run("dangling symlink", func(t *testing.T) {
		dir := t.TempDir()
		target := filepath.Join(t.TempDir(), "created-by-us")
		if err := os.Symlink(target, filepath.Join(dir, "run-1.jsonl")); err != nil {
			t.Fatal(err)
		}
		if _, err := sink.OpenRunFile(dir, "run-1", sink.Options{}); err == nil {
			t.Error("a dangling symlink was followed")
		}
		if _, err := os.Lstat(target); !os.IsNotExist(err) {
			t.Errorf("the link's target was created")
		}
	})
	t.Run("FIFO without a reader", func(t *testing.T) {
		dir := t.TempDir()
		if err := syscall.Mkfifo(filepath.Join(dir, "run-1.jsonl"), 0o600); err != nil {
			t.Fatal(err)
		}
		openWithin(t, dir, time.Second, "not a regular file")
	})
	t.Run("FIFO with a reader", func(t *testing.T) {
		dir := t.TempDir()
		fifo := filepath.Join(dir, "run-1.jsonl")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Fatal(err)
		}
		r, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		openWithin(t, dir, time.Second, "not a regular file")
	})
	t.Run("device", func(t *testing.T) {
		dir := t.TempDir()
		// /dev/null's numbers (1, 3); making a device node needs root.
		if err := syscall.Mknod(filepath.Join(dir, "run-1.jsonl"), syscall.S_IFCHR|0o600, 1<<8|3); err != nil {
			t.Skipf("cannot make a device node here (%v); the FIFO cases cover the same check", err)
		}
		openWithin(t, dir, time.Second, "not a regular file")
	})
	t.Run("hard link", func(t *testing.T) {
		dir := t.TempDir()
		other := filepath.Join(dir, "someone-elses")
		if err := os.WriteFile(other, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Link(other, filepath.Join(dir, "run-1.jsonl")); err != nil {
			t.Fatal(err)
		}
		openWithin(t, dir, time.Second, "hard links")
	})
	t.Run("directory", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.Mkdir(filepath.Join(dir, "run-1.jsonl"), 0o700); err != nil {
			t.Fatal(err)
		}
		if _, err := sink.OpenRunFile(dir, "run-1", sink.Options{}); err == nil {
			t.Error("a directory was accepted as the log file")
		}
	})
}

// openWithin opens dir/run-1.jsonl and wants an error holding want within d.
func openWithin(t *testing.T, dir string, d time.Duration, want string) {
	t.Helper()
	res := make(chan error, 1)
	go func() {
		f, err := sink.OpenRunFile(dir, "run-1", sink.Options{})
		if err == nil {
			f.Close()
		}
		res <- err
	}()
	select {
	case err := <-res:
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want one saying %q", err, want)
		}
	case <-time.After(d):
		t.Fatalf("opening did not return within %v", d)
	}
}

// TestOpenTightensModes: a pre-existing log dir or file that others can
// read is made owner-only.
func TestOpenTightensModes(t *testing.T) {
	for _, mode := range []os.FileMode{0o755, 0o750, 0o711} {
		dir := filepath.Join(t.TempDir(), "logs")
		if err := os.Mkdir(dir, mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(dir, mode) // past the umask
		path := filepath.Join(dir, "run-1.jsonl")
		if err := os.WriteFile(path, []byte("{}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chmod(path, 0o644)
		f, err := sink.OpenRunFile(dir, "run-1", sink.Options{})
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if st, _ := os.Stat(dir); st.Mode().Perm() != 0o700 {
			t.Errorf("log dir %v left %v", mode, st.Mode().Perm())
		}
		if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
			t.Errorf("log file left %v", st.Mode().Perm())
		}
	}
}

// TestOpenRefusesDirOthersControl: a log dir others can write to (they
// could plant files at any time), or that belongs to another user, is
// refused with the fix.
func TestOpenRefusesDirOthersControl(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "logs")
	if err := os.Mkdir(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o777)
	if _, err := sink.OpenRunFile(dir, "run-1", sink.Options{}); err == nil || !strings.Contains(err.Error(), "chmod 700") {
		t.Errorf("world-writable log dir: %v", err)
	}
	if os.Geteuid() != 0 {
		t.Skip("chown to another user needs root")
	}
	other := filepath.Join(t.TempDir(), "theirs")
	if err := os.Mkdir(other, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(other, 65534, 65534); err != nil { // nobody
		t.Fatal(err)
	}
	if _, err := sink.OpenRunFile(other, "run-1", sink.Options{}); err == nil || !strings.Contains(err.Error(), "another user") {
		t.Errorf("log dir of another user: %v", err)
	}
	if _, err := os.Stat(filepath.Join(other, "run-1.jsonl")); !os.IsNotExist(err) {
		t.Error("a file was created in another user's folder")
	}
}
