// Package fake declares the constant by hand: it is no registry.
package fake

const obsgenRegistry = `{"events":[{"name":"fake.event","severity":"info"}]}`

var _ = obsgenRegistry
