package promexport

import (
	"fmt"
	"io"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"github.com/genolewm/obs/runtime/internal/metric"
)

// NewRegistry returns a private registry holding only a Collector over
// fams. It is pedantic: every collected metric is checked against its
// descriptor and the whole set for duplicates, which costs a little at
// export time and nothing on the recording path.
func NewRegistry(fams []*metric.Family) (*prometheus.Registry, error) {
	return NewRankRegistry(fams, "")
}

// NewRankRegistry is NewRegistry with, when rank is not empty, the label
// rank="RANK" on every series: each rank of a multi-process run writes a
// file of its own, and the label keeps the textfile collector, which
// reads all of them into one scrape, from ever seeing one series twice.
func NewRankRegistry(fams []*metric.Family, rank string) (*prometheus.Registry, error) {
	reg := prometheus.NewPedanticRegistry()
	var r prometheus.Registerer = reg
	if rank != "" {
		r = prometheus.WrapRegistererWith(prometheus.Labels{RankLabel: rank}, reg)
	}
	if err := r.Register(NewCollector(fams)); err != nil {
		return nil, fmt.Errorf("promexport: registering metric families: %w", err)
	}
	return reg, nil
}

// WriteText gathers g and writes the text exposition format (version
// 0.0.4) to w: HELP and TYPE for every family, families sorted by name, no
// timestamps. A gathering error is returned without writing anything, so
// a caller never publishes a partial exposition.
func WriteText(w io.Writer, g prometheus.Gatherer) error {
	mfs, err := g.Gather()
	if err != nil {
		return fmt.Errorf("promexport: gathering metrics: %w", err)
	}
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range mfs {
		if err := enc.Encode(mf); err != nil {
			return fmt.Errorf("promexport: encoding %s: %w", mf.GetName(), err)
		}
	}
	return nil
}
