// Command app uses both loggers.
package main

import (
	clean "example.com/graphcase/clean/logger"
	planted "example.com/graphcase/planted/logger"
	"example.com/graphcase/redact"
)

func main() {
	s := &redact.Stdout{}
	_ = clean.New(s).Info("x")
	_ = planted.New(s).Debug("ACGTACGT")
}
