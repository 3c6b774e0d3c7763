package main

import (
	"bufio"
	"io"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
)

// BenchmarkRunLoop compares run's chunked loop (which looks for a signal
// and flushes between chunks of runChunk steps) with one RunToEnd, on a
// program that prints half a million lines: the chunks must cost nothing
// measurable. Reported as emulated instructions per second.
func BenchmarkRunLoop(b *testing.B) {
	p, err := assembler.Assemble("half.asm", []byte("mov ecx, 500000\nl: prn ecx\ndec ecx\ncmp ecx, 0\njne l\n"), assembler.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		run  func(c *cpu.CPU, out programOutput) error
	}{
		{"chunked", func(c *cpu.CPU, out programOutput) error { return runChunked(c, out, &interrupt{}, nil) }},
		{"to-end", func(c *cpu.CPU, out programOutput) error { return c.RunToEnd() }},
	} {
		b.Run(tc.name, func(b *testing.B) {
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
