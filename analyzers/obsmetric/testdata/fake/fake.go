// Package fake stands for a runtime's metric package; TestDesignations
// designates its constructor and descriptor with -constructors and -desc.
package fake

// Desc describes a metric.
type Desc struct {
	Name string
	Kind int
}

// CounterKind is a kind.
const CounterKind = 1

// Family is a metric's series.
type Family struct{ d *Desc }

// NewFamily creates the series of d.
func NewFamily(d *Desc) *Family { return &Family{d: d} }

func own() *Family { return NewFamily(&Desc{Name: "anything"}) } // its own package: ok
