package wandbrun

import (
	"strconv"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/genolewm/obs/internal/wandbpb"
)

// rowItems is a typical history row: W&B's three items, training.step's
// seven keys and three metrics.
func rowItems() []item {
	names := []string{"_step", "_runtime", "_timestamp", "training.step.loss_pred", "training.step.loss_reg", "training.step.lr",
		"training.step.grad_norm", "training.step.batch_size", "training.step.tokens", "training.step.throughput",
		"geno_lewm.training.loss.pred", "geno_lewm.training.loss.reg", "geno_lewm.training.step.duration"}
	items := make([]item, len(names))
	for i, n := range names {
		items[i] = item{name: n, value: strconv.AppendFloat(nil, 0.123456789*float64(i+1), 'g', -1, 64)}
	}
	return items
}

// BenchmarkHistoryRow compares the sink's hand encoder (protowire, into a
// reused buffer) with building the same Record from the generated types
// and proto.Marshal (docs/perf.md, "W&B sink").
func BenchmarkHistoryRow(b *testing.B) {
	items := rowItems()
	b.Run("protowire", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for i := 0; i < b.N; i++ {
			buf = appendHistory(buf[:0], int64(i), int64(i), items)
		}
	})
	b.Run("proto.Marshal", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			h := &wandbpb.HistoryRecord{Step: &wandbpb.HistoryStep{Num: int64(i)}}
			for _, it := range items {
				h.Item = append(h.Item, &wandbpb.HistoryItem{NestedKey: []string{it.name}, ValueJson: string(it.value)})
			}
			if _, err := proto.Marshal(&wandbpb.Record{Num: int64(i), RecordType: &wandbpb.Record_History{History: h}}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestHistoryRowEncoderAllocatesNothing pins the claim of the benchmark
// without timing anything.
func TestHistoryRowEncoderAllocatesNothing(t *testing.T) {
	items := rowItems()
	buf := appendHistory(nil, 1, 1, items)
	if n := testing.AllocsPerRun(100, func() { buf = appendHistory(buf[:0], 2, 2, items) }); n != 0 {
		t.Errorf("encoding a history row allocates %v times", n)
	}
}
