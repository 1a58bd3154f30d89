// Package wandbrun is the W&B sink: it writes an offline Weights & Biases
// run, the format the W&B client writes with WANDB_MODE=offline, which a
// person uploads later with `wandb sync DIR` on a machine that has the
// client. Nothing here opens a socket: the run stays a local file until
// someone uploads it.
//
// What goes in is what the registry marks for W&B (registry/wandb.go),
// nothing else: the sink is a filter.Sink, so it sees records only after
// the redaction filter (the DNA rule and the deny list have run on all of
// them), and only records that passed sampling; metric values it reads
// from the registered families, whose label sets are bounded.
//
//   - History: the marked keys of history events (training.step, and
//     training.metric by its metric name) form one row per step, with
//     W&B's _step, _runtime and _timestamp and the values of the metrics
//     marked for history, read when a record joins the row. The program's
//     sampled steps (Step, from Session.SetStep every log_every steps)
//     make rows of those metrics too, so the losses chart at any log level
//     (training.step is a debug event). A row is written when a later step
//     begins, or at Close. A record at an earlier step than the latest is
//     left out (W&B's steps only increase); one without a step joins the
//     program's latest step, or the row being built.
//   - Summary: every record of a summary event updates the summary, and
//     each summary record carries all of it. Close adds the last value of
//     every history item and the metrics marked for the summary.
//   - Config: each record of a config event (training.run.start) writes
//     its marked keys.
//   - Run: the run record (id, project, entity, display name, start time)
//     comes second, right after the header, so the file is a run
//     `wandb sync` accepts from the start. Close writes the exit record
//     (exit code 0, or the one given to SetExitCode) and W&B's final
//     record, then syncs.
//
// The file (format.go) is W&B's transaction log: the 7-byte header ":W&B",
// 0xBEE1 little-endian, version 0; 32 KiB blocks at absolute offsets;
// chunks of FULL, FIRST, MIDDLE or LAST type with a CRC-32 (IEEE) over the
// type byte and payload; each payload a wandb_internal.Record protobuf.
//
// Files follow the JSON Lines sink's rules (files.go, writer.go):
// owner-only folder and file, created fresh without following links,
// whole records per write (a failed write is truncated back), bounded
// waits, losses counted in geno_lewm.observability.dropped. A crash
// leaves whole records and no exit record: `wandb sync` uploads the run
// and marks it failed; runtime/observe's crash wrapper also appends the
// exit record (Finish) when the process died of a fatal error.
package wandbrun
