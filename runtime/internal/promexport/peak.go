package promexport

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/genolewm/obs/runtime/internal/metric"
)

// PeakRSS returns the process's peak resident set size in bytes.
func PeakRSS() (uint64, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err == nil {
		var n uint64
		if n, err = parseVmHWM(b); err == nil {
			return n, nil
		}
	}
	n, rerr := rusagePeak()
	if rerr != nil {
		return 0, fmt.Errorf("promexport: peak RSS unavailable: %w", errors.Join(err, rerr))
	}
	return n, nil
}

// RecordPeakRSS raises g to the peak RSS. It is the refresh hook the
// metrics exporter runs before each write; an error leaves the gauge at its
// last value.
func RecordPeakRSS(g *metric.Gauge) error {
	n, err := PeakRSS()
	if err != nil {
		return err
	}
	// SetMax: the high-water mark only grows, and a fallback source that
	// reports less must not lower what was already exposed.
	g.SetMax(float64(n))
	return nil
}

// parseVmHWM finds "VmHWM:   1234 kB" in the contents of /proc/PID/status.
func parseVmHWM(status []byte) (uint64, error) {
	for line := range bytes.Lines(status) {
		rest, ok := bytes.CutPrefix(line, []byte("VmHWM:"))
		if !ok {
			continue
		}
		f := bytes.Fields(rest)
		if len(f) != 2 || string(f[1]) != "kB" {
			return 0, fmt.Errorf("promexport: unexpected VmHWM line %q", bytes.TrimSpace(line))
		}
		kb, err := strconv.ParseUint(string(f[0]), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("promexport: VmHWM value: %w", err)
		}
		return kb * 1024, nil
	}
	return 0, errors.New("promexport: no VmHWM line in /proc/self/status")
}
