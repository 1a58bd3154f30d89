// Package livecheck checks what a real run emitted against the registry:
// JSON Lines logs (*.jsonl) record by record, and Prometheus textfiles
// (*.prom) family by family. It finds unregistered events and metrics,
// keys outside an event's allowlist, values of the wrong type, missing
// required fields, wrong severities, error records without a valid
// error_code, runs of 20 or more DNA letters in any string (the runtime's
// rule, internal/dna), values of categorical data keys outside their
// registered value sets (reported by position: file:line, the key and, in
// a list, the element index), label values outside their sets and units
// or buckets that contradict the registry.
// Each finding names file:line; coverage says which registered events and
// metrics were seen and how often.
//
// Logs are streamed line by line through a hand-written JSON scanner that
// does not allocate per record, so a log of any size is checked in
// constant memory (bounded by the longest line accepted, MaxLine) and
// faster than a general JSON parser. Findings never quote logged values,
// since a value may itself be the personal data the check looks for.
package livecheck
