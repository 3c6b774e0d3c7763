package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"cpu32/backtrace"
	"cpu32/cpu"
	"cpu32/jit"
)

// writeBacktrace prints, under a fault, the calls that were running,
// innermost first, or nothing when the fault was outside any call.
func writeBacktrace(w io.Writer, c *cpu.CPU) {
	if tooLongToReplay(c) {
		fmt.Fprintf(w, "call stack: not rebuilt for a run of more than %d steps (cpu32 debug shows it)\n", maxReplaySteps)
		return
	}
	calls, forgotten := callStackOf(c)
	if len(calls) == 0 && forgotten == 0 {
		return
	}
	fmt.Fprintln(w, "call stack, innermost first (function, call site):")
	backtrace.Write(w, "  ", backtrace.Symbolize(c.Program(), calls), forgotten)
}

// jsonFrame is one entry of --json's fault.backtrace: a call, or Count
// identical calls in a row (recursion), innermost first.
type jsonFrame struct {
	Function string `json:"function"`
	File     string `json:"file"`
	Line     *int   `json:"line"`
	EIP      uint32 `json:"eip"` // the call instruction's address
	Count    int    `json:"count"`
}

// jsonBacktrace lists the running calls for --json; nil (no key) when the
// fault was outside any call.
func jsonBacktrace(c *cpu.CPU, path string) []jsonFrame {
	var out []jsonFrame
	calls, _ := callStackOf(c)
	for _, r := range backtrace.Count(backtrace.Symbolize(c.Program(), calls)) {
		f := r.Frames[0]
		file, line := where(c.Program(), path, f.Site)
		out = append(out, jsonFrame{Function: f.Function, File: file, Line: line, EIP: f.Site, Count: r.Times})
	}
	return out
}

// maxReplaySteps bounds the replay that rebuilds a call stack: a grader's
// endless loop stopped by --max-steps 1000000000 must not run twice as
// long because it faulted.
var maxReplaySteps uint64 = 100_000_000

// tooLongToReplay reports whether c's call stack would have to be rebuilt
// by a replay longer than maxReplaySteps.
func tooLongToReplay(c *cpu.CPU) bool {
	replaysMu.Lock()
	r := replays[c]
	replaysMu.Unlock()
	return r != nil && c.Steps() > maxReplaySteps
}

// maxRecordedInput bounds the input a run keeps for a replay: past it, a
// fault is reported without its call stack.
const maxRecordedInput = 64 << 20

// recordingReader keeps what the program read, for a replay.
type recordingReader struct {
	r    io.Reader
	data []byte
	over bool // more than maxRecordedInput was read
}

// Read passes a read on and keeps its bytes.
func (r *recordingReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if !r.over {
		if len(r.data)+n > maxRecordedInput {
			r.over, r.data = true, nil
		} else {
			if cap(r.data)-len(r.data) < n {
				// Grown by doubling but never past the bound: append's
				// growth would reach twice it, and three times while it copies.
				grown := make([]byte, len(r.data), min(max(2*cap(r.data), len(r.data)+n), maxRecordedInput))
				copy(grown, r.data)
				r.data = grown
			}
			r.data = append(r.data, p[:n]...)
		}
	}
	return n, err
}

// replay is how callStackOf gets the call stack of a machine that ran
// without one: run again with it, once, when a report asks.
type replay struct {
	once      sync.Once
	run       func() ([]cpu.Frame, uint64)
	frames    []cpu.Frame
	forgotten uint64
}

var (
	replaysMu sync.Mutex
	replays   = map[*cpu.CPU]*replay{}
)

// replayCalls lets callStackOf rebuild c's call stack from the input rec
// kept and fresh host functions; the function it returns forgets c.
func replayCalls(c *cpu.CPU, rec *recordingReader, host func() map[string]cpu.HostFunc) func() {
	r := &replay{run: func() ([]cpu.Frame, uint64) {
		if rec.over || c.Steps() > maxReplaySteps {
			return nil, 0
		}
		frames, forgotten, ok := replayCallStack(c, rec.data, host())
		if !ok {
			return nil, 0
		}
		return frames, forgotten
	}}
	replaysMu.Lock()
	replays[c] = r
	replaysMu.Unlock()
	return func() {
		replaysMu.Lock()
		delete(replays, c)
		replaysMu.Unlock()
	}
}

// callStackOf returns the calls running in c, innermost first, and how many
// outer ones were forgotten: c's own, or, for a run that did not track
// them, those of a replay.
func callStackOf(c *cpu.CPU) ([]cpu.Frame, uint64) {
	replaysMu.Lock()
	r := replays[c]
	replaysMu.Unlock()
	if r == nil {
		return c.CallStack(), c.Forgotten()
	}
	r.once.Do(func() { r.frames, r.forgotten = r.run() })
	return r.frames, r.forgotten
}

// compiledReplaySteps is the length of run from which a replay runs
// compiled (code that leaves calls and rets to the interpreter, which
// keeps the call stack): a grader's endless loop stopped by --max-steps
// 50000000, compiled in 10 ms, took 0.1 s more to replay in the
// interpreter. Shorter replays take less than a compile, and so do those
// of fewer than 4,096 steps a word of code (a compile takes some 15 us a
// word).
var compiledReplaySteps uint64 = 1 << 22

// replayCallStack is cpu.CPU.ReplayCallStack, through compiled code for a
// long run where this build compiles.
func replayCallStack(c *cpu.CPU, input []byte, host map[string]cpu.HostFunc) ([]cpu.Frame, uint64, bool) {
	if c.Steps() < max(compiledReplaySteps, uint64(c.CodeLen())<<12) || !jit.Supported {
		return c.ReplayCallStack(input, host)
	}
	r, err := c.Replay(input, host)
	if err != nil {
		return nil, 0, false
	}
	interpreted := func() ([]cpu.Frame, uint64, bool) {
		r.RunToEnd()
		return c.Replayed(r)
	}
	k, err := jit.CompileWatched(r, r.Memory().Words(), nil, jit.Watch{Calls: true})
	if err != nil {
		return interpreted()
	}
	defer k.Close()
	// Each call and ret leaves compiled code: a program that calls all
	// the time replays faster in the interpreter. A piece of each decides.
	t := time.Now()
	r.Run(judgeReplaySteps)
	interp := time.Since(t)
	t = time.Now()
	k.Run(judgeReplaySteps)
	if time.Since(t) > interp {
		return interpreted()
	}
	for r.State() == cpu.Ready {
		if _, err := k.Run(runChunk); err != nil {
			break // a fault: the replay ends there, as the run did
		}
	}
	return c.Replayed(r)
}

// judgeReplaySteps is the piece the interpreter and compiled code each
// replay before the faster replays the rest.
const judgeReplaySteps = 1 << 19
