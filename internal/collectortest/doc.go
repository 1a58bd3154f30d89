// Package collectortest runs the project's real OpenTelemetry Collector,
// bin/genolewm-otelcol (make bin/genolewm-otelcol), in tests: an OTLP/gRPC
// receiver on a free 127.0.0.1 port whose every request lands, as OTLP/JSON
// lines, in a file that the test reads back as logs, traces and metrics.
//
// Without the binary a test skips, and under CI=true it fails (the
// internal/testenv convention): a CI run never passes without the real
// collector. The collector process is killed at test cleanup, and every wait
// is bounded.
//
//	c := collectortest.Start(t, collectortest.Options{})
//	// point a program at c.Endpoint (or pass c.Env() to a child process)
//	out := c.WaitOutput(t, 10*time.Second, func(o collectortest.Output) bool {
//		return len(o.LogRecords()) >= 1
//	})
package collectortest
