// Package quiet prints, but the plugin settings exempt it from noprint.
package quiet

import "fmt"

func Hello() { fmt.Println("hello") }
