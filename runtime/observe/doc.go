// Package observe is the observability layer's one package for programs:
// configuration, start-up, the crash wrapper, the session and its logger.
//
// A program wraps its main in Main, loads the configuration (defaults,
// then GENO_LEWM_* variables, then flags), starts a session over its
// module's compiled registry, and logs the typed events that obsgen
// generated from that registry:
//
//	func main() { observe.Main(run) }
//
//	func run() int {
//		cfg, err := observe.LoadConfig(flag.CommandLine, os.Args[1:], nil)
//		...
//		s, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{Diagnostics: os.Stderr})
//		...
//		defer s.Close(ctx)
//		_ = events.TrainingRunStart{Model: "lewm-s", ConfigHash: hash}.Log(ctx, s.Log)
//	}
//
// # Records
//
// Every record goes through the redaction filter, the single path to any
// sink (INV-OBS-3). The rules run in this order on each data key: the
// personal-data deny list, the event's key allowlist, the registered type,
// and the DNA rule (no run of 20 or more DNA letters anywhere, INV-OBS-4).
// In strict mode (the default) a record that trips any rule is refused
// whole and replaced by a sanitized error record with code
// InternalError.InvariantViolation, naming the event and the rules, never
// a key or a value. Drops are counted in geno_lewm.observability.redacted_keys.
//
// A Logger is a small value: WithStep, WithEpoch, WithPhase and
// WithDurationMS return copies carrying the standard top-level fields. A
// record below the threshold, or sampled out, costs a compare.
//
// # The registry
//
// A Registry is compiled once from what obsgen generated and is sealed:
// nothing a program can reach changes what the filter allows. Start and
// NewLogger accept only a registry that compiled without error, and a
// logger writes only events of its own registry.
//
// # Crashes
//
// Main makes a crash leave a sanitized minimal record (INV-OBS-6): an
// error record with code InternalError.Panic or InternalError.Fatal, the
// crashing goroutine's stack frames as "function (file.go:line)" without
// argument values or directories, and the panic message only if it passes
// the redaction filter. A panic in the main goroutine is recovered; a
// panic in any other goroutine, or a fatal runtime error, is copied by
// runtime/debug.SetCrashOutput into a pipe read by a monitor process
// (this same executable, started by Main), which writes the record after
// the program has died. The raw crash report never touches the disk. The
// monitor runs package init functions too: keep them free of side effects.
package observe
