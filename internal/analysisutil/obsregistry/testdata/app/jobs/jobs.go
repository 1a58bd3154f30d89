// Package jobs imports its module's generated events package.
package jobs

import "example.com/regcase/app/events"

// Run stands for code that logs.
func Run() string { return events.Registry() }
