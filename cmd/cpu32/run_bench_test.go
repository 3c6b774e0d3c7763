package main

import (
	"bufio"
	"io"
	"testing"
	"time"

	"cpu32/assembler"
	"cpu32/cpu"
)

// BenchmarkRunLoop compares run's chunked loop (which looks for a signal,
// flushes and draws the live status between chunks of runChunk steps)
// with one RunToEnd, on a program that prints half a million lines and on
// a quiet loop: the chunks and the status must cost nothing measurable.
// Reported as emulated instructions per second.
func BenchmarkRunLoop(b *testing.B) {
	for _, prog := range []struct{ name, src string }{
		{"print", "mov ecx, 500000\nl: prn ecx\ndec ecx\ncmp ecx, 0\njne l\n"},
		{"quiet", "mov ecx, 3000000\nl: mov eax, ecx\nxor eax, 5\nadd ebx, eax\ndec ecx\ncmp ecx, 0\njne l\n"},
	} {
		p, err := assembler.Assemble(prog.name+".asm", []byte(prog.src), assembler.Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			run  func(c *cpu.CPU, out programOutput) error
		}{
			{"chunked", func(c *cpu.CPU, out programOutput) error { return runChunked(c, c.Run, out, &interrupt{}, nil) }},
			{"status", func(c *cpu.CPU, out programOutput) error {
				// A status on a terminal (io.Discard here) whose delay has
				// passed: it is drawn every statusRefresh.
				s := &statusLine{w: io.Discard, cols: func() int { return 80 }, clock: time.Now}
				s.begin(c, prog.name+".asm", nil)
				s.next = time.Time{}
				return runChunked(c, c.Run, out, &interrupt{}, s)
			}},
			{"to-end", func(c *cpu.CPU, out programOutput) error { return c.RunToEnd() }},
		} {
			b.Run(prog.name+"/"+tc.name, func(b *testing.B) {
				var steps uint64
				for range b.N {
					out := bufio.NewWriterSize(io.Discard, 64<<10)
					c, err := cpu.New(p, cpu.Config{Out: out})
					if err != nil {
						b.Fatal(err)
					}
					if err := tc.run(c, out); err != nil {
						b.Fatal(err)
					}
					steps += c.Steps()
				}
				b.ReportMetric(float64(steps)/b.Elapsed().Seconds(), "instr/s")
			})
		}
	}
}
