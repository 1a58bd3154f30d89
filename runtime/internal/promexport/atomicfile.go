package promexport

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// tempPattern names temporary files: hidden, and ending in .tmp so that
// the textfile collector, which reads only *.prom, never sees one.
const tempPattern = "." + FileName + ".*.tmp"

// writeFile replaces dir/name with data atomically and durably: temp file
// in dir, write, fsync, rename, fsync dir. On error the temp file is
// removed and dir/name is untouched (unless only the final directory sync
// failed, after which the new file is in place but may not survive a
// power loss).
func writeFile(dir, name string, data []byte) (err error) {
	f, err := os.CreateTemp(dir, tempPattern)
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	// CreateTemp makes the file 0600; node_exporter often runs as
	// another user and must be able to read it.
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// removeStaleTemps deletes temporary files left by a process killed in
// the middle of a write. Only files older than age go, so that a write in
// progress by another process is not disturbed.
func removeStaleTemps(dir string, age time.Duration, now time.Time) {
	matches, _ := filepath.Glob(filepath.Join(dir, tempPattern))
	for _, m := range matches {
		if fi, err := os.Lstat(m); err == nil && fi.Mode().IsRegular() &&
			strings.HasSuffix(m, ".tmp") && now.Sub(fi.ModTime()) > age {
			os.Remove(m)
		}
	}
}
