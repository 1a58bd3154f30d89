package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
)

// writeAll writes every output or none: each goes to a temporary file
// beside its target first, and only when all are written are they renamed
// into place, so a registry error, a full disk or a permission problem
// leaves every output as it was. (A rename failing halfway, which needs
// the folder to change under us, can still leave some outputs renamed:
// POSIX has no multi-file rename.) Unchanged files are left alone so their
// timestamps hold.
func writeAll(root string, outs []output) error {
	type pending struct{ tmp, dst string }
	var done []pending
	cleanup := func() {
		for _, p := range done {
			os.Remove(p.tmp)
		}
	}
	for _, o := range outs {
		dst := filepath.Join(root, o.path)
		if old, err := os.ReadFile(dst); err == nil && bytes.Equal(old, o.data) {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			cleanup()
			return err
		}
		tmp, err := os.CreateTemp(filepath.Dir(dst), ".obsgen-*")
		if err != nil {
			cleanup()
			return err
		}
		done = append(done, pending{tmp.Name(), dst})
		if _, err := tmp.Write(o.data); err != nil {
			tmp.Close()
			cleanup()
			return fmt.Errorf("writing %s: %w", o.path, err)
		}
		if err := tmp.Close(); err != nil {
			cleanup()
			return fmt.Errorf("writing %s: %w", o.path, err)
		}
		if err := os.Chmod(tmp.Name(), 0o644); err != nil {
			cleanup()
			return err
		}
	}
	for _, p := range done {
		if err := os.Rename(p.tmp, p.dst); err != nil {
			cleanup()
			return err
		}
	}
	return nil
}
