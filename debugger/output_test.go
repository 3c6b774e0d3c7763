package debugger

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOutputTail(t *testing.T) {
	type op struct {
		write    string // printed, or
		truncate int    // when write is "": a step back to this offset
		want     string // Output()
		dropped  uint64
	}
	cases := []struct {
		name string
		ops  []op
	}{
		{"short", []op{{write: "abc", want: "abc"}, {write: "d", want: "abcd"}}},
		{"the last bytes", []op{{write: "abcdef", want: "cdef", dropped: 2}, {write: "gh", want: "efgh", dropped: 4}}},
		{"more than twice at once", []op{{write: "0123456789", want: "6789", dropped: 6}}},
		{"back within the buffer", []op{{write: "abcdef", want: "cdef", dropped: 2}, {truncate: 3, want: "abc"}}},
		{"back past what is kept", []op{{write: "0123456789", want: "6789", dropped: 6}, {truncate: 3, want: "", dropped: 3},
			{write: "xy", want: "xy", dropped: 3}}},
		{"back past the end", []op{{write: "ab", want: "ab"}, {truncate: 9, want: "ab"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := outputTail{limit: 4}
			for i, op := range c.ops {
				if op.write != "" {
					_, _ = o.Write([]byte(op.write))
				} else {
					o.truncate(uint64(op.truncate))
				}
				text, from := o.from(0)
				assert.Equal(t, op.want, text, "op %d", i)
				assert.Equal(t, op.dropped, from, "op %d: dropped", i)
				assert.LessOrEqual(t, len(o.buf), 2*o.limit, "op %d: buffer", i)
			}
		})
	}
}

// A program printing forever keeps only the output's tail, and stepping
// back over output that is no longer kept still works as far as the
// history goes.
func TestOutputTailInSession(t *testing.T) {
	s := newSess(t, "l: prn 12345\n  jmp l\n", WithOutputTail(64), WithHistory(1000))
	_, err := s.Step(1000)
	require.NoError(t, err)
	all := strings.Repeat("12345\n", 500)
	assert.Equal(t, all[len(all)-64:], s.Output())
	total, dropped := s.OutputSize()
	assert.Equal(t, []uint64{3000, 3000 - 64}, []uint64{total, dropped})
	text, from := s.OutputFrom(2990)
	assert.Equal(t, []any{all[2990:], uint64(2990)}, []any{text, from})
	text, from = s.OutputFrom(5)
	assert.Equal(t, []any{all[3000-64:], uint64(3000 - 64)}, []any{text, from})

	_, err = s.StepBack(600) // 300 prn undone
	require.NoError(t, err)
	assert.Equal(t, "", s.Output())
	total, dropped = s.OutputSize()
	assert.Equal(t, []uint64{1200, 1200}, []uint64{total, dropped})
	assert.EqualValues(t, 400, s.Status().Steps)
	_, err = s.Step(2)
	require.NoError(t, err)
	assert.Equal(t, "12345\n", s.Output())
	text, from = s.OutputFrom(1300)
	assert.Equal(t, []any{"", uint64(1206)}, []any{text, from}, "an offset past the end")
	require.NoError(t, s.Restart())
	total, dropped = s.OutputSize()
	assert.Equal(t, []uint64{0, 0}, []uint64{total, dropped})
}

// Peek reads the session between two chunks of a running command.
func TestPeekWhileRunning(t *testing.T) {
	s := newSess(t, "l: prn 7\n  inc eax\n  jmp l\n", WithChunk(1<<10))
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = s.Continue()
	}()
	var seen []uint64
	deadline := time.Now().Add(20 * time.Second)
	for len(seen) < 3 && time.Now().Before(deadline) {
		s.Peek(func() {
			if n := s.CPU().Steps(); n > 0 && (len(seen) == 0 || n > seen[len(seen)-1]) {
				seen = append(seen, n)
				total, _ := s.OutputSize()
				assert.EqualValues(t, (n+2)/3*2, total, "prn 7 ran once every three steps")
			}
		})
	}
	s.Interrupt()
	<-done
	assert.Len(t, seen, 3, "three looks at a running program, each further on")
	s.Peek(func() { assert.Equal(t, StopPause, s.Status().Stop.Kind) })
}
