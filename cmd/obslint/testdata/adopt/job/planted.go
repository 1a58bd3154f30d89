//go:build planted

package job

import (
	"context"

	"github.com/genolewm/obs/runtime/observe"
)

// Planted logs a misspelt event name.
func Planted(ctx context.Context, l observe.Logger) error {
	return l.Emit(ctx, "app.jbo.start", nil)
}
