// Package procstat reads figures about the running process that the
// registry records as sampled gauges: today the peak resident set size,
// for geno_lewm.inference.memory.peak_bytes.
//
// The peak is the kernel's high-water mark, not a sample of the current
// RSS: a process that allocated 2 GB for one batch and freed it still
// reports 2 GB. It is read from /proc/self/status (VmHWM) on Linux and
// from getrusage(RUSAGE_SELF) elsewhere, or when /proc is not mounted.
package procstat
