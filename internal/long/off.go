//go:build !long

package long

// Run reports whether the build has the tag long: the long runs are off.
const Run = false
