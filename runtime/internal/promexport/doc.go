// Package promexport exposes the registry's metric families to Prometheus:
// a prometheus.Collector that turns every series into a const metric in
// base units, WriteText, which encodes them in the text exposition format
// with prometheus/common's expfmt, and the textfile Exporter, which writes
// them to ${dir}/metrics.prom for node_exporter's textfile collector.
//
// Values are recorded in the registry's unit and divided by the family's
// Divisor on the way out (milliseconds become seconds, also for histogram
// bucket bounds and sums). For a power-of-ten divisor the decimal point is
// shifted rather than divided in binary, so that a bound of 25 ms is
// exposed as exactly le="0.025" and 0.123 ms as 0.000123.
//
// Every bounded series of every family is exported from the start, at zero
// when nothing was recorded: label sets are small and fixed by the
// registry, a present zero lets rate() and increase() see the first
// increment, and a scrape never has to guess whether a series is missing
// or merely idle. Series are never created from data, so the exposition
// cannot grow beyond the registry's cardinality.
//
// # The textfile
//
// The exporter writes metrics.prom every interval and on Close.
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
// The exporter runs one goroutine, stopped by Close.
//
// # Peak RSS
//
// Before each write the exporter samples geno_lewm.inference.memory.peak_bytes
// when the registry has it. The peak is the kernel's high-water mark, not a
// sample of the current RSS: a process that allocated 2 GB for one batch
// and freed it still reports 2 GB. It is read from /proc/self/status
// (VmHWM) on Linux and from getrusage(RUSAGE_SELF) elsewhere, or when /proc
// is not mounted.
package promexport
