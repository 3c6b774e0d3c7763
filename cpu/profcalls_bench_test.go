package cpu

import (
	"testing"

	"cpu32/assembler"
)

// BenchmarkCallsProfiled runs recursive fib(24) as the debugger does: every
// step journaled and counted, each call and ret kept for the functions'
// tallies (and for stepping them back).
func BenchmarkCallsProfiled(b *testing.B) {
	p, err := assembler.Assemble("fib.asm", []byte(fibCallsSrc), assembler.Options{})
	if err != nil {
		b.Fatal(err)
	}
	// benchRun's machine takes the journal, and the profile rides on it.
	j := NewJournal(DefaultHistory)
	c, err := New(p, Config{})
	if err != nil {
		b.Fatal(err)
	}
	c.SetJournal(j)
	c.StartProfile()
	benchRun(b, p, "46368\n", Config{}, j, nil)
}
