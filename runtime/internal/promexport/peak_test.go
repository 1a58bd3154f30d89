package promexport_test

import (
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/internal/promexport"
	"github.com/genolewm/obs/runtime/internal/schema"
)

func TestParseVmHWM(t *testing.T) {
	status := "Name:\tx\nVmPeak:\t  999 kB\nVmHWM:\t   12345 kB\nVmRSS:\t 100 kB\n"
	n, err := promexport.ParseVmHWM([]byte(status))
	if err != nil || n != 12345*1024 {
		t.Fatalf("parseVmHWM = %d, %v; want %d", n, err, 12345*1024)
	}
	for _, bad := range []string{"Name:\tx\n", "VmHWM:\t12 MB\n", "VmHWM:\tlots kB\n"} {
		if n, err := promexport.ParseVmHWM([]byte(bad)); err == nil {
			t.Errorf("parseVmHWM(%q) = %d, want an error", bad, n)
		}
	}
}

// TestPeakRSSGrows allocates and touches 64 MiB and checks that the peak
// reflects it: a figure that did not move would be a fake.
func TestPeakRSSGrows(t *testing.T) {
	before, err := promexport.PeakRSS()
	if err != nil {
		t.Fatal(err)
	}
	if before == 0 {
		t.Fatal("PeakRSS = 0")
	}
	const size = 64 << 20
	buf := make([]byte, size)
	for i := 0; i < len(buf); i += os.Getpagesize() {
		buf[i] = 1
	}
	after, err := promexport.PeakRSS()
	if err != nil {
		t.Fatal(err)
	}
	runtime.KeepAlive(buf)
	if after < before+size/2 {
		t.Fatalf("peak RSS went from %d to %d after touching %d bytes", before, after, size)
	}
}

func TestPeakRSSMatchesKernel(t *testing.T) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc on this system: only the getrusage path applies")
	}
	if !strings.Contains(string(b), "VmHWM:") {
		t.Skip("kernel reports no VmHWM")
	}
	fromRusage, err := promexport.RusagePeak()
	if err != nil {
		t.Fatal(err)
	}
	got, err := promexport.PeakRSS()
	if err != nil {
		t.Fatal(err)
	}
	// Both are the kernel's high-water mark; they differ by at most the
	// pages touched between the two reads.
	if d := int64(got) - int64(fromRusage); d < -(4<<20) || d > 4<<20 {
		t.Fatalf("VmHWM %d and ru_maxrss %d disagree by %d bytes", got, fromRusage, d)
	}
}

func TestRecordPeakRSS(t *testing.T) {
	if err := promexport.RecordPeakRSS(schema.PeakRSS(events.Registry())); err != nil {
		t.Fatal(err)
	}
	want, _ := promexport.PeakRSS()
	got := meters.InferenceMemoryPeakBytes.Value()
	if got <= 0 || got > float64(want) {
		t.Fatalf("gauge = %v, peak RSS = %d", got, want)
	}
}
