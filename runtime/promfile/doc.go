// Package promfile writes the registered metrics to ${dir}/metrics.prom for
// node_exporter's textfile collector, every interval and on Close.
//
// Each write goes to a temporary file in the same folder whose name does not
// end in .prom (the collector only reads *.prom), is fsynced, renamed over
// metrics.prom and the folder fsynced: a reader, or a machine that loses
// power, sees the previous complete file or the new complete file, never a
// mix. A failed write (unwritable folder, full disk) leaves the previous
// file in place, is counted in Stats, handed to Options.OnError and
// reported once to Options.Diagnostics; it never stops the exporter or the
// host program.
//
// The exporter runs one goroutine, stopped by Close. Typical use, with the
// configuration of runtime/obsconfig:
//
//	exp, err := promfile.Start(promfile.Options{
//		Dir:         cfg.LogDir,
//		Interval:    cfg.MetricsInterval,
//		Diagnostics: os.Stderr,
//	})
//	if err != nil { ... }
//	defer exp.Close()
package promfile
