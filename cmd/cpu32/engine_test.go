package main

import (
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"cpu32/jit"
)

// A loop long enough for auto to compile it (hotSteps), which faults at
// the end: the report must be the interpreter's whatever ran it.
const longLoop = `start:
    mov ecx, 0
    mov esi, buf
loop:
    add eax, ecx
    mov [esi], eax
    mod eax, 7
    rem edx
    inc ecx
    cmp ecx, 1000000
    jl loop
    prn eax
    div eax, ebx      ; ebx is 0
section .data
buf: resd 1
`

func TestEngines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "long.asm")
	writeFile(t, path, longLoop)
	want := cli(t, "run", "--json", "--engine", "interp", path)
	require.Equal(t, exitFault, want.code, want.stderr)
	wr := decodeReport(t, want.stdout)
	assert.Equal(t, "interp", wr.Engine)
	for _, e := range []string{"auto", "jit"} {
		got := cli(t, "run", "--json", "--engine", e, path)
		assert.Equal(t, want.code, got.code)
		assert.Equal(t, want.stderr, got.stderr)
		gr := decodeReport(t, got.stdout)
		// auto moves to compiled code when its background compile is ready
		// in time, which a loaded machine may not give it: only jit must.
		if jit.Supported && e == "jit" {
			assert.Equal(t, "jit", gr.Engine, "--engine %s", e)
		}
		gr.Engine = wr.Engine
		assert.Equal(t, wr, gr, "--engine %s", e)
	}
	// The step limit stops compiled code exactly: 2 steps before the loop
	// and 7 a turn leave the loop's third instruction (mod, at 12) next.
	for _, e := range []string{"interp", "jit"} {
		r := decodeReport(t, cli(t, "run", "--json", "--engine", e, "--max-steps", "3000001", path).stdout)
		assert.Equal(t, uint64(3000001), r.Steps)
		assert.Equal(t, "step-limit", r.Fault.Kind)
		assert.Equal(t, uint32(12), r.Fault.EIP)
		assert.Equal(t, int64(428571), r.Registers["ecx"])
	}
}

// engineKey matches the report's engine key, which says whether compiled
// code ran: under auto, whether the compiler in the background was ready
// in time, which two runs of a program need not agree on.
var engineKey = regexp.MustCompile(`,\n  "engine": "\w+"`)

// sansEngine is r without the engine key in its report.
func sansEngine(r result) result {
	r.stdout = engineKey.ReplaceAllString(r.stdout, "")
	return r
}

func TestEngineFlag(t *testing.T) {
	for _, args := range [][]string{{"run", "x.asm"}, {"debug", "x.asm"}, {"dap"}} {
		r := cli(t, append([]string{args[0], "--engine", "fast"}, args[1:]...)...)
		assert.Equal(t, exitUsage, r.code)
		assert.Equal(t, "cpu32 "+args[0]+": invalid value \"fast\" for --engine: unknown engine \"fast\" (want auto, interp or jit)\nRun 'cpu32 "+args[0]+" --help' for usage.\n", r.stderr)
	}
}
