package promexport

// Internals the external tests exercise directly.
const TempPattern = tempPattern

var (
	ParseVmHWM       = parseVmHWM
	RemoveStaleTemps = removeStaleTemps
	RusagePeak       = rusagePeak

	ToBase = toBase
)
