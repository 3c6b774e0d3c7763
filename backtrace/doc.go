// Package backtrace turns the machine's shadow call stack into what a
// student reads: each running call named by the label it called and placed
// at the file and line of its call site, innermost first, with deep
// recursion folded into one line. The CLI prints it under a fault and the
// debugger's bt lists it.
package backtrace
