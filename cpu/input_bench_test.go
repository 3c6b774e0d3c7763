package cpu

import (
	"bytes"
	"strings"
	"testing"

	"cpu32/assembler"
)

// BenchmarkReadInput sums 100,000 numbers read with rdn, and reads the
// same text again a character at a time with rdc: the cost of input,
// reported as emulated instructions per second.
func BenchmarkReadInput(b *testing.B) {
	text := strings.Repeat("12345 -678\n", 50000)
	for _, tc := range []struct{ name, src string }{
		{"rdn", "l: rdn eax\nadd ebx, eax\ndec ecx\ncmp ecx, -100000\njne l\nprn ebx"},
		{"rdc", "l: rdc eax\ncmp eax, -1\njne l"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			p, err := assembler.Assemble("in.asm", []byte(tc.src), assembler.Options{})
			if err != nil {
				b.Fatal(err)
			}
			var steps uint64
			for b.Loop() {
				var out bytes.Buffer
				c, err := New(p, Config{Out: &out, Input: strings.NewReader(text)})
				if err != nil {
					b.Fatal(err)
				}
				if err := c.RunToEnd(); err != nil {
					b.Fatal(err)
				}
				steps += c.Steps()
			}
			b.ReportMetric(float64(steps)/b.Elapsed().Seconds(), "instr/s")
		})
	}
}
