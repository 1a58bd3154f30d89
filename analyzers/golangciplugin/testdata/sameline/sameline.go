// Package sameline puts an obslint finding on a line that errcheck claims
// too, and four obslint findings with the same text.
package sameline

import (
	"context"
	"fmt"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
)

var _ = events.Registry

// Plant has an unchecked error with an unregistered event on one line.
func Plant(ctx context.Context, l observe.Logger) {
	l.Emit(ctx, "training.stpe", nil)
	fmt.Println("a")
	fmt.Println("b")
	fmt.Println("c")
	fmt.Println("d")
}
