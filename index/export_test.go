package index

// AddCleanup runs f after the tests, before the shared engine is closed:
// for the external test package's shared indexes (internal/banktest).
func AddCleanup(f func()) { cleanups = append(cleanups, f) }

// GoldenJSON is goldenJSON, for the external test package.
var GoldenJSON = goldenJSON
