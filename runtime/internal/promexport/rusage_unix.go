//go:build unix

package promexport

import (
	"runtime"
	"syscall"
)

// rusagePeak returns ru_maxrss in bytes: the kernel reports it in
// kilobytes on Linux and the BSDs, in bytes on Darwin.
func rusagePeak() (uint64, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, err
	}
	n := uint64(ru.Maxrss)
	if runtime.GOOS != "darwin" && runtime.GOOS != "ios" {
		n *= 1024
	}
	return n, nil
}
