// Command tool is a main package, which may print: it may also hand a
// print function to a library, as it may hand it os.Stderr.
package main

import (
	"fmt"

	"example.com/values/use"
)

func main() { use.Do(fmt.Println) }
