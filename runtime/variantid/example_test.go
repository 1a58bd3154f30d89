package variantid_test

import (
	"fmt"
	"strings"

	"github.com/genolewm/obs/runtime/variantid"
)

// The id of a variant is stable under one key and says nothing of the
// bases: log it in place of the variant.
func ExampleHasher_ID() {
	h, err := variantid.New([]byte("a deployment's secret key, kept out of the logs"))
	if err != nil {
		panic(err)
	}
	id := h.ID("chr17", 43044295, "A", "G")
	fmt.Println(id == h.ID("chr17", 43044295, "A", "G"))
	fmt.Println(strings.Contains(id, "43044295"))
	// Output:
	// true
	// false
}
