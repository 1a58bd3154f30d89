package collectortest

import (
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// ListeningAddrs lists the TCP addresses ("127.0.0.1:4317") the collector
// process itself listens on: its open socket descriptors matched against
// its network namespace's socket tables in Linux /proc. Unlike a dial, it
// cannot mistake another process's listener for the collector's.
func (c *Collector) ListeningAddrs() ([]string, error) {
	proc := filepath.Join("/proc", strconv.Itoa(c.Pid()))
	fds, err := os.ReadDir(filepath.Join(proc, "fd"))
	if err != nil {
		return nil, fmt.Errorf("collectortest: the collector's descriptors: %w", err)
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
			return nil, fmt.Errorf("collectortest: the collector's sockets: %w", err)
		}
		for _, row := range strings.Split(string(text), "\n")[1:] {
			f := strings.Fields(row)
			const listen = "0A" // TCP_LISTEN in the st column
			if len(f) < 10 || f[3] != listen || !inodes[f[9]] {
				continue
			}
			addr, err := procAddr(f[1])
			if err != nil {
				return nil, err
			}
			addrs = append(addrs, addr)
		}
	}
	slices.Sort(addrs)
	return addrs, nil
}

// procAddr decodes /proc/net/tcp's "0100007F:10E1": the address as 32-bit
// words in host (little-endian) order, then the port in hex.
func procAddr(field string) (string, error) {
	host, port, _ := strings.Cut(field, ":")
	raw, err := hex.DecodeString(host)
	if err != nil || (len(raw) != net.IPv4len && len(raw) != net.IPv6len) {
		return "", fmt.Errorf("collectortest: unexpected /proc/net/tcp address %q", field)
	}
	for i := 0; i < len(raw); i += 4 {
		raw[i], raw[i+1], raw[i+2], raw[i+3] = raw[i+3], raw[i+2], raw[i+1], raw[i]
	}
	p, err := strconv.ParseUint(port, 16, 16)
	if err != nil {
		return "", fmt.Errorf("collectortest: unexpected /proc/net/tcp port %q", field)
	}
	return net.JoinHostPort(net.IP(raw).String(), strconv.FormatUint(p, 10)), nil
}
