package lib

import . "fmt"

// A dot import does not hide the print.
func dotted(err error) {
	Println("loss", 0.5)      // want `call of fmt.Println \(writes to os.Stdout\)`
	Printf("failed: %v", err) // want `call of fmt.Printf`
	_ = Sprintf("%v", err)
}
