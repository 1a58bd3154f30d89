// Package lib plants one violation of each rule.
package lib

import (
	"context"
	"fmt"

	"github.com/genolewm/obs/runtime/genimpl"
	"github.com/genolewm/obs/runtime/observe"

	"github.com/genolewm/obs/generated/events"
)

var _ = events.Registry

func Plant(ctx context.Context, l observe.Logger, s observe.Sink, r *observe.Record) {
	_ = l.Emit(ctx, "training.stpe", nil)
	_ = &genimpl.MetricDesc{Name: "geno_lewm.data.cache.hit"}
	_ = s.WriteRecord(r)
	fmt.Println("free text")
}
