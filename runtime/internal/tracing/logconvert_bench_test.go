package tracing

import (
	"testing"
	"time"

	"github.com/genolewm/obs/runtime/internal/core"
	"github.com/genolewm/obs/runtime/internal/schema"
)

// The conversion of one filtered line into an OTel log record, which the
// sink's goroutine does for every record it exports.
func BenchmarkConvert(b *testing.B) {
	line := []byte(`{"ts":"2026-05-20T15:42:01.123Z","severity":"info","event":"observability.records.lost","run_id":"run-2026-05-20-h100-0","rank":3,"world_size":8,"step":12,"trace_id":"0123456789abcdef0123456789abcdef","span_id":"0123456789abcdef","data":{"reason":"timeout","count":3}}` + "\n")
	reg := schema.Compile(core.Spec(), nil)
	now := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := convert(line, reg, now); !ok {
			b.Fatal("not converted")
		}
	}
}
