// Command app logs through the filter only.
package main

import (
	"example.com/graphcase/clean/logger"
	"example.com/graphcase/redact"
)

func main() { _ = logger.New(&redact.Stdout{}).Info("x") }
