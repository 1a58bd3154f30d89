// Package sink holds the runtime's sinks: the JSON Lines file of a run
// (File) and the human rendering on stderr (Pretty).
//
// What the file sink guarantees, and what it can lose:
//
//   - Opening: dir/{run_id}.jsonl is opened without following a link
//     (ELOOP) and without blocking on a FIFO (O_NONBLOCK, ENXIO); anything
//     but a regular file of the running user with one link is refused.
//     The folder is created 0700 and the file 0600; a pre-existing folder
//     or file that others can read is made owner-only, one that others can
//     write to, or that belongs to another user, is refused.
//   - Whole lines: each pending batch goes to the kernel in one write(2)
//     on an O_APPEND descriptor, so processes sharing a file on a local
//     Linux file system never interleave (not NFS). A write that fails
//     part-way (disk full) is undone to the last whole line; if another
//     process appended after the fragment, the fragment becomes a line of
//     spaces, the one marker line readers must skip (obsgen live-check
//     counts it as padding). Every other line is one record.
//   - Bounded waits: no call waits longer than the write timeout
//     (GENO_LEWM_WRITE_TIMEOUT_S, default 2 s), for room in the queue (256
//     records or 4 MiB), for a warn or error record to be written, or in
//     Close. Past it the record is dropped; a warn record whose wait timed
//     out stays queued and may still be written. While the file is known
//     stalled, calls do not wait at all.
//   - Losses: every record lost is counted in
//     geno_lewm.observability.dropped{reason=timeout|write_error|file_deleted},
//     reported once per reason on Diagnostics, and, once the file takes a
//     write again (or at Close), noted in the log by an
//     observability.records.lost record with the count.
//   - Can be lost: records pending when the process dies without Close
//     (os.Exit, a fatal error, SIGKILL): at most the debug and info records
//     of the queue; records pending when Close gives up on a stalled disk;
//     records written while the disk was full.
//
// Rotation: rename the file and let the sink create the next one
// (logrotate's default rename-then-create, or "create 0600 USER GROUP"),
// or delete it. The sink compares the path with its open file after every
// batch and reopens the path when they differ: the batch written just
// before the rename stays in the renamed file; one written to a deleted
// file is counted as lost (file_deleted). copytruncate works too (the
// descriptor appends at the new end) but loses what is written between
// the copy and the truncation. No signal is needed.
package sink
