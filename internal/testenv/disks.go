package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Real file systems for hostile cases: a small tmpfs is a disk that
// fills, a frozen ext4 on a loop device a disk that stalls every write in
// the kernel, as a hung network mount does. Both need root (CI runs as
// root); elsewhere the test skips, and under CI=true it fails.

// Tmpfs mounts a tmpfs of size (mount's syntax: "64k") on a fresh folder,
// unmounted at cleanup.
func Tmpfs(t testing.TB, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		NeedTool(t, "mounting a tmpfs (a real full disk) needs root: "+string(out))
	}
	// Best effort: a lazy unmount of a test's own tmpfs.
	t.Cleanup(func() { _ = exec.Command("umount", "-l", dir).Run() })
	return dir
}

// FrozenDisk is an ext4 file system on a loop device that a test can
// freeze: every write then blocks in the kernel until it is thawed.
type FrozenDisk struct {
	t   testing.TB
	Dir string
}

// NewFrozenDisk makes and mounts a 16 MiB ext4; it is thawed and
// unmounted at cleanup.
func NewFrozenDisk(t testing.TB) *FrozenDisk {
	t.Helper()
	for _, tool := range []string{"mkfs.ext4", "fsfreeze", "mount"} {
		if _, err := exec.LookPath(tool); err != nil {
			NeedTool(t, tool+" not found (apt-get install e2fsprogs util-linux)")
		}
	}
	img := filepath.Join(t.TempDir(), "disk.img")
	if err := os.WriteFile(img, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(img, 16<<20); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mkfs.ext4", "-q", "-F", img).CombinedOutput(); err != nil {
		t.Fatalf("mkfs.ext4: %v: %s", err, out)
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-o", "loop", img, dir).CombinedOutput(); err != nil {
		NeedTool(t, "mounting a loop device (a real stalled disk) needs root and /dev/loop*: "+string(out))
	}
	d := &FrozenDisk{t: t, Dir: dir}
	t.Cleanup(func() {
		d.Thaw()
		_ = exec.Command("umount", "-l", dir).Run() // best effort, as above
	})
	return d
}

// Freeze stalls every write to the disk.
func (d *FrozenDisk) Freeze() {
	d.t.Helper()
	if out, err := exec.Command("fsfreeze", "-f", d.Dir).CombinedOutput(); err != nil {
		d.t.Fatalf("fsfreeze: %v: %s", err, out)
	}
}

// Thaw lets the writes through; it is harmless on a disk not frozen.
func (d *FrozenDisk) Thaw() { _ = exec.Command("fsfreeze", "-u", d.Dir).Run() }
