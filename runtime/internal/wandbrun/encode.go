package wandbrun

import (
	"time"

	"google.golang.org/protobuf/encoding/protowire"
)

// Each payload of the log is one wandb_internal.Record. The sink encodes
// the few messages it writes by hand with protowire, into buffers it
// reuses: a history row costs no allocation (docs/perf.md has the figure
// against proto.Marshal of generated types). The field numbers are W&B's
// (wandb/proto/wandb_internal.proto); internal/wandbpb holds the same
// messages as a .proto file, and the tests decode every record with it.

// Record fields.
const (
	recNum     = 1
	recHistory = 2
	recSummary = 3
	recConfig  = 5
	recRun     = 17
	recExit    = 18
	recFinal   = 20
	recHeader  = 21
)

// Fields of the messages inside a record.
const (
	headerVersionInfo = 1 // HeaderRecord.version_info
	versionProducer   = 1 // VersionInfo.producer
	runRunID          = 1 // RunRecord.run_id
	runEntity         = 2
	runProject        = 3
	runDisplayName    = 8
	runStartTime      = 17
	timestampSeconds  = 1 // google.protobuf.Timestamp
	timestampNanos    = 2
	exitCode          = 1 // RunExitRecord.exit_code
	exitRuntime       = 2
	historyItems      = 1 // HistoryRecord.item
	historyStep       = 2
	stepNum           = 1 // HistoryStep.num
	updateItems       = 1 // SummaryRecord.update, ConfigRecord.update
	itemNestedKey     = 2 // HistoryItem, SummaryItem, ConfigItem
	itemValueJSON     = 16
	messageField      = protowire.BytesType
	producer          = "genolewm-obs"
)

// item is one key and JSON value of a history row, summary or config.
// W&B takes the key as nested_key (a path of one element here: a dotted
// name is one key, not a path) and the value as JSON, in W&B's extended
// form where NaN and the infinities are bare words.
type item struct {
	name  string
	value []byte
}

func sizeItem(it *item) int {
	return protowire.SizeTag(itemNestedKey) + protowire.SizeBytes(len(it.name)) +
		protowire.SizeTag(itemValueJSON) + protowire.SizeBytes(len(it.value))
}

func appendItem(b []byte, field protowire.Number, it *item) []byte {
	b = protowire.AppendTag(b, field, messageField)
	b = protowire.AppendVarint(b, uint64(sizeItem(it)))
	b = protowire.AppendTag(b, itemNestedKey, messageField)
	b = protowire.AppendString(b, it.name)
	b = protowire.AppendTag(b, itemValueJSON, messageField)
	return protowire.AppendBytes(b, it.value)
}

func sizeItems(items []item) int {
	n := 0
	for i := range items {
		s := sizeItem(&items[i])
		n += protowire.SizeTag(updateItems) + protowire.SizeBytes(s)
	}
	return n
}

// appendRecordHead appends a Record's num and the tag and length of its
// one message field, of n bytes, which the caller appends next.
func appendRecordHead(b []byte, num int64, field protowire.Number, n int) []byte {
	b = protowire.AppendTag(b, recNum, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(num))
	b = protowire.AppendTag(b, field, messageField)
	return protowire.AppendVarint(b, uint64(n))
}

// appendHeader is the HeaderRecord that opens the log.
func appendHeader(b []byte, num int64) []byte {
	vi := protowire.SizeTag(versionProducer) + protowire.SizeBytes(len(producer))
	n := protowire.SizeTag(headerVersionInfo) + protowire.SizeBytes(vi)
	b = appendRecordHead(b, num, recHeader, n)
	b = protowire.AppendTag(b, headerVersionInfo, messageField)
	b = protowire.AppendVarint(b, uint64(vi))
	b = protowire.AppendTag(b, versionProducer, messageField)
	return protowire.AppendString(b, producer)
}

// runInfo is what the RunRecord says.
type runInfo struct {
	id, entity, project, name string
	start                     time.Time
}

func appendString(b []byte, field protowire.Number, s string) []byte {
	if s == "" {
		return b
	}
	b = protowire.AppendTag(b, field, messageField)
	return protowire.AppendString(b, s)
}

func sizeString(field protowire.Number, s string) int {
	if s == "" {
		return 0
	}
	return protowire.SizeTag(field) + protowire.SizeBytes(len(s))
}

// appendRun is the RunRecord, written before any history.
func appendRun(b []byte, num int64, r *runInfo) []byte {
	secs, nanos := r.start.Unix(), int64(r.start.Nanosecond())
	ts := protowire.SizeTag(timestampSeconds) + protowire.SizeVarint(uint64(secs))
	if nanos != 0 {
		ts += protowire.SizeTag(timestampNanos) + protowire.SizeVarint(uint64(nanos))
	}
	n := sizeString(runRunID, r.id) + sizeString(runEntity, r.entity) + sizeString(runProject, r.project) +
		sizeString(runDisplayName, r.name) + protowire.SizeTag(runStartTime) + protowire.SizeBytes(ts)
	b = appendRecordHead(b, num, recRun, n)
	b = appendString(b, runRunID, r.id)
	b = appendString(b, runEntity, r.entity)
	b = appendString(b, runProject, r.project)
	b = appendString(b, runDisplayName, r.name)
	b = protowire.AppendTag(b, runStartTime, messageField)
	b = protowire.AppendVarint(b, uint64(ts))
	b = protowire.AppendTag(b, timestampSeconds, protowire.VarintType)
	b = protowire.AppendVarint(b, uint64(secs))
	if nanos != 0 {
		b = protowire.AppendTag(b, timestampNanos, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(nanos))
	}
	return b
}

// appendHistory is one HistoryRecord: the row's items (with _step among
// them) and its step.
func appendHistory(b []byte, num, step int64, items []item) []byte {
	st := protowire.SizeTag(stepNum) + protowire.SizeVarint(uint64(step))
	n := sizeItems(items) + protowire.SizeTag(historyStep) + protowire.SizeBytes(st)
	b = appendRecordHead(b, num, recHistory, n)
	for i := range items {
		b = appendItem(b, historyItems, &items[i])
	}
	b = protowire.AppendTag(b, historyStep, messageField)
	b = protowire.AppendVarint(b, uint64(st))
	b = protowire.AppendTag(b, stepNum, protowire.VarintType)
	return protowire.AppendVarint(b, uint64(step))
}

// appendUpdate is a SummaryRecord or ConfigRecord (field recSummary or
// recConfig) with items as its update list.
func appendUpdate(b []byte, num int64, field protowire.Number, items []item) []byte {
	b = appendRecordHead(b, num, field, sizeItems(items))
	for i := range items {
		b = appendItem(b, updateItems, &items[i])
	}
	return b
}

// appendExit is the RunExitRecord: exit code 0 marks the run finished, any
// other failed; runtime is in whole seconds. Zero fields are left out, as
// proto3 encoders do.
func appendExit(b []byte, num int64, code int32, runtime int32) []byte {
	n := 0
	if code != 0 {
		n += protowire.SizeTag(exitCode) + protowire.SizeVarint(uint64(int64(code)))
	}
	if runtime != 0 {
		n += protowire.SizeTag(exitRuntime) + protowire.SizeVarint(uint64(int64(runtime)))
	}
	b = appendRecordHead(b, num, recExit, n)
	// int32 fields are varints of the sign-extended value.
	if code != 0 {
		b = protowire.AppendTag(b, exitCode, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(int64(code)))
	}
	if runtime != 0 {
		b = protowire.AppendTag(b, exitRuntime, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(int64(runtime)))
	}
	return b
}

// appendFinal is the FinalRecord after the exit record: `wandb sync`
// (wandb/sync/sync.py) holds the exit record back and sends it when it
// reads this one, as the W&B client's own files end.
func appendFinal(b []byte, num int64) []byte {
	return appendRecordHead(b, num, recFinal, 0)
}
