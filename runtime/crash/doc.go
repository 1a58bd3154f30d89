// Package crash makes a crash leave a sanitized minimal record (INV-OBS-6):
// an error record with code InternalError.Panic or InternalError.Fatal, the
// crashing goroutine's stack frames as "function (file.go:line)" without
// argument values or directories, and the panic message only if it passes
// the redaction filter.
//
// Main wraps a program's main:
//
//	func main() { crash.Main(run) }
//
// It covers three paths:
//
//   - a panic in the main goroutine is recovered; the hooks registered with
//     OnCrash (observe registers its flush) run under a deadline; the
//     record is written and the process exits 2;
//   - a panic in any other goroutine, or a fatal runtime error, cannot be
//     recovered: runtime/debug.SetCrashOutput copies the runtime's crash
//     report into a pipe read by a monitor process (this same executable,
//     started by Main), which sanitizes it and writes the record after the
//     program has died; the runtime exits 2;
//   - both work before the logger exists: the target log file comes from
//     GENO_LEWM_LOG_DIR and GENO_LEWM_RUN_ID (Main sets the latter when it
//     is unset, so the logger later uses the same run id), and Bind updates
//     it once the configuration is known.
//
// The raw crash report never touches the disk: only the monitor sees it.
// The monitor is this executable started again, so package init functions
// run in it too: keep them free of side effects (as Go style wants anyway).
package crash
