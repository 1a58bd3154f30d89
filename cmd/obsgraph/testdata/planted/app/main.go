// Command app uses the planted logger.
package main

import (
	"example.com/graphcase/planted/logger"
	"example.com/graphcase/redact"
)

func main() {
	l := logger.New(&redact.Stdout{})
	_ = l.Info("x")
	_ = l.Debug("ACGTACGT")
}
