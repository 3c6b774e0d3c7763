//go:build amd64 || arm64

package jit

import (
	"testing"

	"cpu32/assembler"
)

// blockPrograms are programs whose time goes to control flow that is not
// a plain loop (testdata/blocks), written before the block layout was
// changed for them: a register-machine bytecode interpreter whose
// handlers jump back to a shared write-back block before them (regvm); a
// scanner as a state machine written as code, its states branching to
// each other backward as often as forward (lexer); functions that call
// functions, a loop in the one the main loop calls and a chain three deep
// under it (chain).
var blockPrograms = []string{"blocks/regvm", "blocks/lexer", "blocks/chain"}

// TestBlockPrograms runs the block programs on both tiers.
func TestBlockPrograms(t *testing.T) { goldenPrograms(t, blockPrograms) }

// BenchmarkBlocks runs the block programs to their end, interpreted and
// compiled (before the timing starts), in instructions a second.
func BenchmarkBlocks(b *testing.B) {
	for _, name := range blockPrograms {
		p, err := assembler.AssembleFile("testdata/"+name+".asm", assembler.Options{})
		if err != nil {
			b.Fatal(err)
		}
		benchEngines(b, name[len("blocks/"):], p)
	}
}
