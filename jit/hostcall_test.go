//go:build amd64 || arm64

package jit

import (
	"bytes"
	"io"

	"strings"
	"testing"

	"cpu32/assembler"
	"cpu32/cpu"
	"cpu32/host"
)

// TestExtendedStaysCompiled runs loops of host calls and input compiled
// whole and checks that they ran in compiled code, with the interpreter's
// output: a host call, rdn or rdc goes on inside compiled code, not
// through the interpreter.
func TestExtendedStaysCompiled(t *testing.T) {
	for _, tc := range []struct {
		name, input string
	}{
		{"hostrand", ""},
		{"hexloop", ""},
		{"rdnsum", strings.Repeat("3 -5 17\n", 400) + "0\n"},
		{"rdcount", strings.Repeat("ab cd\n e\n", 300)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := assembler.AssembleFile("testdata/"+tc.name+".asm", assembler.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var outs [2]bytes.Buffer
			var steps [2]uint64
			for i, compiled := range []bool{false, true} {
				c, err := cpu.New(p, cpu.Config{Out: &outs[i], Input: strings.NewReader(tc.input), Host: host.Map(1), NoCallStack: true})
				if err != nil {
					t.Fatal(err)
				}
				if !compiled {
					if err := c.RunToEnd(); err != nil {
						t.Fatal(err)
					}
					steps[i] = c.Steps()
					continue
				}
				k, err := Compile(c)
				if err != nil {
					t.Fatal(err)
				}
				defer k.Close()
				if _, err := k.Run(1 << 40); err != nil || c.State() != cpu.Ended {
					t.Fatalf("%v, %v", c.State(), err)
				}
				steps[i] = c.Steps()
				if k.runs > 8 {
					t.Errorf("the interpreter ran %d times in %d steps", k.runs, c.Steps())
				}
			}
			if outs[1].String() != outs[0].String() || steps[1] != steps[0] {
				t.Errorf("compiled: %d steps, printed %q; the interpreter: %d, %q", steps[1], trim(outs[1].String()), steps[0], trim(outs[0].String()))
			}
		})
	}
}

// asking is an input that has the bytes of s, then has nothing yet
// (cpu.ErrNoInput), counting how often it is asked.
type asking struct {
	r     io.Reader
	asked int
}

func (a *asking) Read(p []byte) (int, error) {
	a.asked++
	n, err := a.r.Read(p)
	if err == io.EOF {
		return n, cpu.ErrNoInput
	}
	return n, err
}

// TestExtendedWaits runs a loop of rdn in compiled code up to where the
// input has nothing yet: it stops there with cpu.StopInput, having asked
// the reader as often as the interpreter does, and goes on as the
// interpreter does once more input comes.
func TestExtendedWaits(t *testing.T) {
	p, err := assembler.AssembleFile("testdata/rdnsum.asm", assembler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		stops []cpu.Stop
		asked int
		steps uint64
		out   string
	}
	run := func(compiled bool) result {
		var out bytes.Buffer
		in := &asking{r: strings.NewReader("4 5 -6")}
		c, err := cpu.New(p, cpu.Config{Out: &out, Input: in, NoCallStack: true})
		if err != nil {
			t.Fatal(err)
		}
		run := c.Run
		if compiled {
			k, err := Compile(c)
			if err != nil {
				t.Fatal(err)
			}
			defer k.Close()
			run = k.Run
		}
		var r result
		for i := range 3 {
			stop, err := run(1 << 40)
			if err != nil {
				t.Fatal(err)
			}
			r.stops = append(r.stops, stop)
			if i == 1 {
				in.r = strings.NewReader(" 7 0 ")
			}
		}
		r.asked, r.steps, r.out = in.asked, c.Steps(), out.String()
		return r
	}
	want, got := run(false), run(true)
	if want.stops[0] != cpu.StopInput || want.out != "10\n1\n7\n" {
		t.Fatalf("the interpreter: %+v", want)
	}
	if got.asked != want.asked || got.steps != want.steps || got.out != want.out || len(got.stops) != len(want.stops) {
		t.Errorf("compiled: %+v, want %+v", got, want)
	}
	for i := range got.stops {
		if got.stops[i] != want.stops[i] {
			t.Errorf("compiled: stops %v, want %v", got.stops, want.stops)
		}
	}
}

// BenchmarkExtended runs the host-call and input loops of testdata
// (hostrand, hexloop, rdnsum, rdcount) to their end on the interpreter
// and on compiled code (compiled before the timing starts), in
// instructions a second.
func BenchmarkExtended(b *testing.B) {
	numbers := strings.Repeat("31 -7 100000 4 -99999 12 8 1 2 3\n", 30000) + "0\n"
	words := strings.Repeat("alpha be gamma\nde epsilon zeta x theta\n\n", 20000)
	for _, tc := range []struct{ name, input string }{{"hostrand", ""}, {"hexloop", ""}, {"rdnsum", numbers}, {"rdcount", words}} {
		p, err := assembler.AssembleFile("testdata/"+tc.name+".asm", assembler.Options{})
		if err != nil {
			b.Fatal(err)
		}
		for _, compiled := range []bool{false, true} {
			b.Run(tc.name+"/"+map[bool]string{false: "interp", true: "jit"}[compiled], func(b *testing.B) {
				steps := uint64(0)
				for b.Loop() {
					b.StopTimer()
					cfg := cpu.Config{Out: io.Discard, Input: strings.NewReader(tc.input), Host: host.Map(1)}
					c, run := start(b, p, cfg, compiled, nil)
					b.StartTimer()
					if _, err := run(1 << 40); err != nil || c.State() != cpu.Ended {
						b.Fatal(c.State(), err)
					}
					steps += c.Steps()
				}
				b.ReportMetric(float64(steps)/b.Elapsed().Seconds()/1e6, "Minstr/s")
			})
		}
	}
}
