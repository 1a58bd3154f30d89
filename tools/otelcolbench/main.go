// Command otelcolbench measures the throughput of the Collector pipeline
// with the registry processor (tools/registryprocessor, strict) beside the
// same pipeline with the stock redactionprocessor (contrib v0.165.1)
// configured as closely as it allows, in one run, alternating rounds:
//
//	cd tools/otelcolbench && go run . -records 1000000 -rounds 3
//
// The pipeline is the Collector's own components in this process: the
// OTLP receiver on a 127.0.0.1 port, the processor, and a sink that counts
// what reaches it, fed over OTLP/gRPC by senders in the same process. It
// prints records/s (records sent / wall time) and CPU per record (user +
// system time of the whole process / records: the senders' encoding is
// included, the same for every processor). A second table measures the
// processors alone, without the network: each batch is copied from a
// template (as the receiver would hand over a fresh one) and processed;
// "none" is the copy and the sink alone, to subtract.
//
// The workload is a mix of registered log records as the Go runtime and
// other producers send them (training.step, inference.score.end,
// data.cache.hit, training.metric, with their registered keys and the
// genolewm.* top-level fields), 5% carrying a deny-listed key and 5% a DNA
// run in a string value. The redaction processor is given every
// registered key (and the top-level and resource keys) as allowed_keys,
// the deny list as blocked_key_patterns and a DNA run as blocked_values,
// with summary silent: it cannot tell one event's keys from another's,
// nor check types, severities, error codes or disguised sequence, so it
// does less per record than the registry processor.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/processor/redactionprocessor"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processortest"
	"go.opentelemetry.io/collector/receiver/otlpreceiver"
	"go.opentelemetry.io/collector/receiver/receivertest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/tools/registryprocessor"
)

func main() {
	records := flag.Int("records", 1_000_000, "log records per round and processor")
	rounds := flag.Int("rounds", 3, "rounds; each runs every processor once, in turn")
	batch := flag.Int("batch", 256, "log records per OTLP request")
	senders := flag.Int("senders", 4, "concurrent OTLP/gRPC senders")
	flag.Parse()
	if *records < *batch || *rounds < 1 || *batch < 1 || *senders < 1 {
		fmt.Fprintln(os.Stderr, "otelcolbench: -records must be at least -batch, and -rounds, -batch, -senders positive")
		os.Exit(2)
	}
	template := workload(*batch)
	fmt.Printf("%s, GOMAXPROCS %d, %d records a round in requests of %d, %d senders, %d rounds\n\n",
		runtime.Version(), runtime.GOMAXPROCS(0), *records, *batch, *senders, *rounds)

	pipes := []string{"genolewm_registry (strict)", "redaction"}
	pipeline := map[string][]result{}
	alone := map[string][]result{}
	for r := 0; r < *rounds; r++ {
		for _, name := range pipes {
			res, err := runPipeline(name, template, *records, *senders)
			if err != nil {
				fmt.Fprintln(os.Stderr, "otelcolbench:", err)
				os.Exit(1)
			}
			pipeline[name] = append(pipeline[name], res)
		}
		for _, name := range append(pipes, "none") {
			res, err := runAlone(name, template, *records)
			if err != nil {
				fmt.Fprintln(os.Stderr, "otelcolbench:", err)
				os.Exit(1)
			}
			alone[name] = append(alone[name], res)
		}
	}
	print("Pipeline: OTLP/gRPC receiver -> processor -> counting sink", pipes, pipeline)
	print("Processor alone: copy a batch, process it, count it", append(pipes, "none"), alone)
}

type result struct {
	perSec, cpuNS float64
	passed        int64
}

func print(title string, names []string, res map[string][]result) {
	fmt.Println(title)
	tw := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROCESSOR\tRECORDS/S (each round)\tCPU NS/RECORD (each round)\tPASSED")
	for _, n := range names {
		var rates, cpus []string
		for _, r := range res[n] {
			rates = append(rates, fmt.Sprintf("%.0f", r.perSec))
			cpus = append(cpus, fmt.Sprintf("%.0f", r.cpuNS))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", n, strings.Join(rates, " / "), strings.Join(cpus, " / "), res[n][0].passed)
	}
	tw.Flush()
	fmt.Println()
}

// counter is the pipeline's end: it counts the records that reach it.
type counter struct{ n atomic.Int64 }

func (c *counter) consumer() consumer.Logs {
	l, _ := consumer.NewLogs(func(_ context.Context, ld plog.Logs) error {
		c.n.Add(int64(ld.LogRecordCount()))
		return nil
	})
	return l
}

// newProcessor builds the processor called name in front of next.
func newProcessor(name string, next consumer.Logs) (processor.Logs, error) {
	ctx := context.Background()
	switch name {
	case "genolewm_registry (strict)":
		f := registryprocessor.NewFactory()
		cfg := f.CreateDefaultConfig()
		return f.CreateLogs(ctx, processortest.NewNopSettings(f.Type()), cfg, next)
	case "redaction":
		f := redactionprocessor.NewFactory()
		cfg := f.CreateDefaultConfig()
		if err := confmap.NewFromStringMap(redactionConfig()).Unmarshal(cfg); err != nil {
			return nil, err
		}
		return f.CreateLogs(ctx, processortest.NewNopSettings(f.Type()), cfg, next)
	}
	return nil, nil // none
}

// redactionConfig is the redaction processor made as close to the
// registry as it allows: one global allowlist of every registered key,
// the deny list as key patterns, a DNA run as a value pattern.
func redactionConfig() map[string]any {
	reg := events.Registry()
	keys := map[string]bool{"service.name": true, "run_id": true, "rank": true, "world_size": true, "local_rank": true, "event.name": true}
	for _, k := range []string{"step", "epoch", "phase", "duration_ms", "error_code"} {
		keys["genolewm."+k] = true
	}
	for i := 0; i < reg.NumEvents(); i++ {
		ev := reg.Event(events.EventID(i))
		for j := 0; j < ev.NumFields(); j++ {
			keys[ev.FieldName(j)] = true
		}
	}
	var allowed []string
	for k := range keys {
		allowed = append(allowed, k)
	}
	return map[string]any{
		"allowed_keys":         allowed,
		"blocked_key_patterns": []string{"(?i)^(" + strings.Join(reg.DenyKeys(), "|") + ")$"},
		"blocked_values":       []string{"[ACGTUNacgtun]{20,}"},
		"summary":              "silent",
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// runPipeline sends records through receiver -> processor -> counter.
func runPipeline(name string, template plog.Logs, records, senders int) (result, error) {
	ctx := context.Background()
	sink := &counter{}
	proc, err := newProcessor(name, sink.consumer())
	if err != nil {
		return result{}, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return result{}, err
	}
	addr := ln.Addr().String()
	ln.Close()
	rf := otlpreceiver.NewFactory()
	rcfg := rf.CreateDefaultConfig()
	if err := confmap.NewFromStringMap(map[string]any{"protocols": map[string]any{"grpc": map[string]any{"endpoint": addr}}}).Unmarshal(rcfg); err != nil {
		return result{}, err
	}
	recv, err := rf.CreateLogs(ctx, receivertest.NewNopSettings(rf.Type()), rcfg, proc)
	if err != nil {
		return result{}, err
	}
	host := componenttest.NewNopHost()
	for _, c := range []component.Component{proc, recv} {
		if err := c.Start(ctx, host); err != nil {
			return result{}, err
		}
	}
	defer func() {
		_ = recv.Shutdown(ctx)
		_ = proc.Shutdown(ctx)
	}()
	conn, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return result{}, err
	}
	defer conn.Close()
	client := plogotlp.NewGRPCClient(conn)
	req := plogotlp.NewExportRequestFromLogs(template)
	// Warm up the connection and the processor.
	if _, err := client.Export(ctx, req); err != nil {
		return result{}, err
	}
	sink.n.Store(0)
	requests := records / template.LogRecordCount()
	var next atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, senders)
	runtime.GC()
	start, cpu0 := time.Now(), cpuTime()
	for range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(requests) {
				if _, err := client.Export(ctx, req); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	wall, cpu := time.Since(start), cpuTime()-cpu0
	close(errs)
	if err := <-errs; err != nil {
		return result{}, err
	}
	sent := float64(requests * template.LogRecordCount())
	return result{perSec: sent / wall.Seconds(), cpuNS: float64(cpu.Nanoseconds()) / sent, passed: sink.n.Load()}, nil
}

// runAlone processes copies of the template in this goroutine.
func runAlone(name string, template plog.Logs, records int) (result, error) {
	ctx := context.Background()
	sink := &counter{}
	var next consumer.Logs = sink.consumer()
	proc, err := newProcessor(name, next)
	if err != nil {
		return result{}, err
	}
	if proc != nil {
		if err := proc.Start(ctx, componenttest.NewNopHost()); err != nil {
			return result{}, err
		}
		defer func() { _ = proc.Shutdown(ctx) }()
		next = proc
	}
	requests := records / template.LogRecordCount()
	runtime.GC()
	start, cpu0 := time.Now(), cpuTime()
	for range requests {
		ld := plog.NewLogs()
		template.CopyTo(ld)
		if err := next.ConsumeLogs(ctx, ld); err != nil {
			return result{}, err
		}
	}
	wall, cpu := time.Since(start), cpuTime()-cpu0
	sent := float64(requests * template.LogRecordCount())
	return result{perSec: sent / wall.Seconds(), cpuNS: float64(cpu.Nanoseconds()) / sent, passed: sink.n.Load()}, nil
}
