package collectortest_test

import (
	"encoding/hex"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/genolewm/obs/internal/collectortest"
)

// listeningAddrs lists the TCP addresses the collector process listens on,
// from its open socket descriptors matched against its network namespace's
// socket tables (Linux /proc).
func listeningAddrs(t *testing.T, c *collectortest.Collector) []string {
	t.Helper()
	proc := filepath.Join("/proc", strconv.Itoa(c.Pid()))
	fds, err := os.ReadDir(filepath.Join(proc, "fd"))
	if err != nil {
		t.Fatalf("listing the collector's descriptors: %v", err)
	}
	inodes := map[string]bool{}
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join(proc, "fd", fd.Name()))
		if inode, ok := strings.CutPrefix(target, "socket:["); err == nil && ok {
			inodes[strings.TrimSuffix(inode, "]")] = true
		}
	}
	var addrs []string
	for _, table := range []string{"tcp", "tcp6"} {
		text, err := os.ReadFile(filepath.Join(proc, "net", table))
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range strings.Split(string(text), "\n")[1:] {
			f := strings.Fields(row)
			const listen = "0A"
			if len(f) < 10 || f[3] != listen || !inodes[f[9]] {
				continue
			}
			addrs = append(addrs, procAddr(t, f[1]))
		}
	}
	sort.Strings(addrs)
	return addrs
}

// procAddr decodes /proc/net/tcp's "0100007F:10E1": the address as 32-bit
// words in host (little-endian) order, the port in hex.
func procAddr(t *testing.T, field string) string {
	t.Helper()
	host, port, _ := strings.Cut(field, ":")
	raw, err := hex.DecodeString(host)
	if err != nil || len(raw)%4 != 0 {
		t.Fatalf("bad /proc/net address %q", field)
	}
	for i := 0; i < len(raw); i += 4 {
		raw[i], raw[i+1], raw[i+2], raw[i+3] = raw[i+3], raw[i+2], raw[i+1], raw[i]
	}
	p, err := strconv.ParseUint(port, 16, 16)
	if err != nil {
		t.Fatalf("bad /proc/net port %q", field)
	}
	return net.JoinHostPort(net.IP(raw).String(), strconv.FormatUint(p, 10))
}
