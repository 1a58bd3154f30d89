// Package mixed sees two registries; its own module tree's is nearer.
package mixed

import (
	"example.com/regcase/app/events"
	other "example.com/regcase/other/events"
)

var _ = events.Registry() + other.Registry()
