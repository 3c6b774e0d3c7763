//go:build (amd64 || arm64) && unix

package compiled

import (
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"

	"cpu32/cpu"
	"cpu32/debugger"
	"cpu32/image"
	"cpu32/jit"
)

// longSrc is cpu/bench/corpus's nested.vm with n = 370 (some 507 million
// steps) and a cold path at the end of each turn of the outer loop, taken
// on the last turn only.
const longSrc = `%define N 370
	mov edi, 0
	mov esi, 0
outer:	mov ebx, 0
middle:	mov ecx, 0
inner:	mov eax, esi
	mul eax, ebx
	mul eax, ecx
	add eax, ecx
	mod eax, 97
	rem edx
	add edi, edx
	inc ecx
	cmp ecx, N
	jl inner
	inc ebx
	cmp ebx, N
	jl middle
	cmp esi, N-1
	jne warm
cold:	prn esi
warm:	inc esi
	cmp esi, N
	jl outer
	prn edi
`

// cpuTime returns the CPU time the process has used so far, every
// thread's (the background compile's included): on a shared machine, a
// fairer measure than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkContinueLong is the debugger's continue over half a billion
// steps of nested loops, from the start to the end: with no breakpoint,
// and with one on the cold path (one stop, near the end), on each engine.
func BenchmarkContinueLong(b *testing.B) {
	p := assemble(b, "long.asm", longSrc)
	for _, bp := range []bool{false, true} {
		for _, e := range []jit.Engine{jit.Interp, jit.Auto, jit.Compiled} {
			b.Run(fmt.Sprintf("break=%v/%v", bp, e), func(b *testing.B) {
				if bp {
					benchContinue(b, p, e, "cold", 2, "369\n-1890728813\n")
				} else {
					benchContinue(b, p, e, "", 1, "369\n-1890728813\n")
				}
			})
		}
	}
}

// BenchmarkContinueRecursion is continue over cpu/bench's recursive
// Fibonacci, fib(32): compiled code leaves every call and ret to the
// interpreter, so Auto gives it up as slower after a few milliseconds.
func BenchmarkContinueRecursion(b *testing.B) {
	src, err := os.ReadFile("../../cpu/bench/fib.vm")
	if err != nil {
		b.Fatal(err)
	}
	p := assemble(b, "fib.vm", string(src))
	for _, e := range []jit.Engine{jit.Interp, jit.Auto, jit.Compiled} {
		b.Run(e.String(), func(b *testing.B) { benchContinue(b, p, e, "", 1, "2178309\n") })
	}
}

// benchContinue continues a new session of p on engine e from the start
// to the end, with a breakpoint at label brk unless it is "", and checks
// that it took stops continues and printed want.
func benchContinue(b *testing.B, p *image.Program, e jit.Engine, brk string, stops int, want string) {
	benchSessions(b, p, e, func(s *debugger.Session) {
		if brk != "" {
			addr, _ := s.ResolveLocation(brk)
			if _, err := s.SetBreakpoint(addr, debugger.PointOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		n := 0
		for ; s.Status().State == cpu.Ready; n++ {
			if _, err := s.Continue(); err != nil {
				b.Fatal(err)
			}
		}
		if n != stops || s.Output() != want {
			b.Fatalf("%d continues, output %q", n, s.Output())
		}
	})
}

// benchSessions plays a new session of p on engine e over and over:
// cpu-s/op is the CPU time of a whole session, the background compiles'
// included.
func benchSessions(b *testing.B, p *image.Program, e jit.Engine, play func(*debugger.Session)) {
	var steps uint64
	var used time.Duration
	for b.Loop() {
		t0 := cpuTime()
		s, err := debugger.NewSession(p, cpu.Config{}, Option(e))
		if err != nil {
			b.Fatal(err)
		}
		play(s)
		s.Close()
		used += cpuTime() - t0
		steps += s.Status().Steps
	}
	b.ReportMetric(used.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(steps)/used.Seconds(), "instr/cpu-s")
}

// nextSrc calls work, a hot loop of a million steps, twice a turn: what
// `next` steps over.
const nextSrc = `	mov esi, 0
main:	call work
	call work
	inc esi
	cmp esi, 1000
	jl main
	hlt
work:	mov ecx, 0
hot:	add eax, ecx
	inc ecx
	cmp ecx, 250000
	jl hot
	ret
`

// BenchmarkNextOverCall is `next` over a call to a hot loop 50 times, on
// each engine: over the two calls of a turn, then three steps back to the
// first. Each next arms a stop at its call's return, so the traps armed
// differ from one next to the next. cpu-s/op is the CPU time of the 50.
func BenchmarkNextOverCall(b *testing.B) {
	p := assemble(b, "next.asm", nextSrc)
	for _, e := range []jit.Engine{jit.Interp, jit.Auto, jit.Compiled} {
		b.Run(e.String(), func(b *testing.B) {
			benchSessions(b, p, e, func(s *debugger.Session) {
				if _, err := s.Step(1); err != nil {
					b.Fatal(err)
				}
				for range 25 {
					for range 2 {
						if _, err := s.Next(1); err != nil {
							b.Fatal(err)
						}
					}
					if _, err := s.Step(3); err != nil {
						b.Fatal(err)
					}
				}
				if main, _ := s.ResolveLocation("main"); s.Status().Steps != 1+25*(2*1_000_003+3) || s.CPU().EIP() != main {
					b.Fatalf("%d steps, at eip %d", s.Status().Steps, s.CPU().EIP())
				}
			})
		})
	}
}
