package variantid

import "testing"

// BenchmarkID: one id, as inference computes per variant.
func BenchmarkID(b *testing.B) {
	h := NewRandom()
	b.ReportAllocs()
	for b.Loop() {
		h.ID("chr17", 43094464, "G", "A")
	}
}
