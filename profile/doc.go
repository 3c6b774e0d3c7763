// Package profile turns a machine's execution counts (cpu.Profile) into what
// `cpu32 run --profile` prints: the source annotated with how many times
// each line ran, and a summary of the hottest lines and of the steps spent
// in each function, by itself and with its callees.
package profile
