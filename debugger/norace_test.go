//go:build !race

package debugger

// raceEnabled is true under the race detector, whose slowdown makes speed
// comparisons meaningless.
const raceEnabled = false
