package observe_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/internal/sink"
	"github.com/genolewm/obs/runtime/observe"
)

// TestConcurrentFileSink: 16 goroutines x 10,000 records to one file. Every
// line parses, none is lost, none interleaved (each carries its writer and
// sequence number, all seen exactly once).
func TestConcurrentFileSink(t *testing.T) {
	const writers, perWriter = 16, 10_000
	dir := filepath.Join(t.TempDir(), "logs") // created by the sink
	f, err := sink.OpenRunFile(dir, "run-concurrency", sink.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: "run-concurrency", Level: observe.Info, Strict: true, Sinks: []observe.Sink{f}})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			wl := l.WithEpoch(int64(w))
			for i := 0; i < perWriter; i++ {
				if err := (events.DataShardWrite{ShardID: "shard", Records: int64(i)}).Log(context.Background(), wl); err != nil {
					t.Error(err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	info, _ := os.Stat(filepath.Join(dir, "run-concurrency.jsonl"))
	if info.Mode().Perm() != 0o600 {
		t.Errorf("log file mode %v, want owner-only", info.Mode().Perm())
	}
	if dinfo, _ := os.Stat(dir); dinfo.Mode().Perm() != 0o700 {
		t.Errorf("log dir mode %v, want owner-only", dinfo.Mode().Perm())
	}
	file, _ := os.Open(filepath.Join(dir, "run-concurrency.jsonl"))
	defer file.Close()
	seen := make([][]bool, writers)
	for i := range seen {
		seen[i] = make([]bool, perWriter)
	}
	sc := bufio.NewScanner(file)
	lines := 0
	for sc.Scan() {
		line := append(sc.Bytes(), '\n')
		rec := decode(t, line)
		w, _ := rec["epoch"].(interface{ Int64() (int64, error) }).Int64()
		i, _ := rec["data"].(map[string]any)["records"].(interface{ Int64() (int64, error) }).Int64()
		if seen[w][i] {
			t.Fatalf("record %d/%d twice", w, i)
		}
		seen[w][i] = true
		lines++
	}
	if lines != writers*perWriter {
		t.Errorf("%d lines, want %d", lines, writers*perWriter)
	}
}
