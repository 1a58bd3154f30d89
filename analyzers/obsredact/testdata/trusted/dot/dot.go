// Package dot imports unsafe into its own scope.
package dot

import . "unsafe" // want `dot import of unsafe`

func size() uintptr { return Sizeof(0) }

func forge(p *int) *float64 { return (*float64)(Pointer(p)) }
