//go:build !unix

package promexport

import "errors"

func rusagePeak() (uint64, error) {
	return 0, errors.New("getrusage is not available on this system")
}
