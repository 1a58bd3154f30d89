package bench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

// rankChildEnv makes the test binary a rank that logs records instead of
// running benchmarks: the ranks of a run are processes, so the cost of
// sharing one file is the kernel's (the inode lock of O_APPEND writes),
// which goroutines of one process would not show.
const rankChildEnv = "BENCH_RANK_CHILD"

func TestMain(m *testing.M) {
	if n := os.Getenv(rankChildEnv); n != "" {
		os.Exit(rankChild(n))
	}
	os.Exit(m.Run())
}

// rankChild starts a real session from the environment (log dir, run id,
// rank variables) and logs n training.metric records as fast as it can.
func rankChild(arg string) int {
	n, err := strconv.Atoi(arg)
	if err != nil {
		return 2
	}
	cfg, err := observe.ConfigFromEnv(nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	cfg.MetricsInterval = time.Hour
	ctx := context.Background()
	s, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{Diagnostics: os.Stderr})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	for i := range n {
		_ = events.TrainingMetric{Metric: "loss", Value: float64(i) * 0.001}.Log(ctx, s.Log)
	}
	if err := s.Close(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// BenchmarkRankFiles: N records per process, from one process, from 8
// ranks appending to one shared {run_id}.jsonl, and from 8 ranks with a
// file each (GENO_LEWM_LOG_PER_RANK=1). ns/op is wall time per record
// over all processes; records/s the node's total; lost the records that
// did not reach a file (the logger's bounded waits drop, never block).
//
//	cd bench && go test -run '^$' -bench BenchmarkRankFiles -benchtime 100000x -count 3 .
func BenchmarkRankFiles(b *testing.B) {
	for _, tc := range []struct {
		name    string
		procs   int
		perRank bool
	}{
		{"procs=1", 1, false},
		{"procs=8/shared", 8, false},
		{"procs=8/per-rank", 8, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			dir := b.TempDir()
			var wg sync.WaitGroup
			errs := make([]error, tc.procs)
			b.ResetTimer()
			start := time.Now()
			for r := range tc.procs {
				cmd := exec.Command(os.Args[0])
				cmd.Env = append(os.Environ(), rankChildEnv+"="+strconv.Itoa(b.N),
					"GENO_LEWM_LOG_DIR="+dir, "GENO_LEWM_RUN_ID=run-bench", "GENO_LEWM_LOG_LEVEL=info")
				if tc.procs > 1 {
					cmd.Env = append(cmd.Env, "RANK="+strconv.Itoa(r), "WORLD_SIZE="+strconv.Itoa(tc.procs),
						"LOCAL_RANK="+strconv.Itoa(r), "LOCAL_WORLD_SIZE="+strconv.Itoa(tc.procs))
				}
				if tc.perRank {
					cmd.Env = append(cmd.Env, "GENO_LEWM_LOG_PER_RANK=1")
				}
				cmd.Stderr = os.Stderr
				wg.Go(func() { errs[r] = cmd.Run() })
			}
			wg.Wait()
			wall := time.Since(start)
			b.StopTimer()
			for _, err := range errs {
				if err != nil {
					b.Fatal(err)
				}
			}
			total := b.N * tc.procs
			written := countLines(b, dir)
			b.ReportMetric(float64(wall.Nanoseconds())/float64(total), "ns/op")
			b.ReportMetric(float64(total)/wall.Seconds(), "records/s")
			b.ReportMetric(float64(total-written), "lost")
		})
	}
}

func countLines(b *testing.B, dir string) int {
	files, _ := filepath.Glob(filepath.Join(dir, "*.jsonl"))
	n := 0
	for _, p := range files {
		f, err := os.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			n++
		}
		f.Close()
	}
	return n
}
