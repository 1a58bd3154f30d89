// Package worker sees the registry through jobs only (transitively).
package worker

import "example.com/regcase/app/jobs"

func work() string { return jobs.Run() }
