// Package use sees two registries at the same distance: the smaller path
// (tie/x/events) wins.
package use

import (
	x "example.com/regcase/tie/x/events"
	y "example.com/regcase/tie/y/events"
)

var _ = x.Registry() + y.Registry()
