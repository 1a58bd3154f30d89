// Package lib plants one violation of each rule.
package lib

import (
	"context"
	"fmt"

	"github.com/genolewm/obs/runtime/obslog"
	"github.com/genolewm/obs/runtime/obsmetrics"
	"github.com/genolewm/obs/runtime/redact"
)

func Plant(ctx context.Context, l obslog.Logger, s redact.Sink, r *redact.Record) {
	_ = l.Emit(ctx, "training.stpe", nil)
	_ = obsmetrics.NewFamily(&obsmetrics.Desc{Name: "geno_lewm.data.cache.hit"})
	_ = s.WriteRecord(r)
	fmt.Println("free text")
}
