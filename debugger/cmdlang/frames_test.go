package cmdlang

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/debugger"
	"cpu32/debugger/internal/testprogs"
	"cpu32/memory"
)

func TestBacktraceFramesUpDown(t *testing.T) {
	s := newSess(t, testprogs.Down)
	out := run(t, s, "continue")
	require.Contains(t, out, "divide-by-zero")
	require.Equal(t, `→ #0 down at prog.asm:12
  #1-5 down at prog.asm:9 x5
  #6 (main) at prog.asm:3`, run(t, s, "bt"))

	require.Equal(t, "#1 down at prog.asm:9", run(t, s, "up"))
	require.Equal(t, 1, s.SelectedFrame())
	require.Equal(t, "#6 (main) at prog.asm:3", run(t, s, "up 10"))
	_, err := s.Exec("up")
	require.EqualError(t, err, "up: already at the outermost frame (#6, the main code)")
	require.Equal(t, "#4 down at prog.asm:9", run(t, s, "down 2"))
	require.Equal(t, "#0 down at prog.asm:12", run(t, s, "frame 0"))
	_, err = s.Exec("down")
	require.EqualError(t, err, "down: already at the innermost frame (#0)")
	_, err = s.Exec("frame 7")
	require.EqualError(t, err, "no frame #7: the frames are #0 to #6")
	require.Equal(t, "#3 down at prog.asm:9", run(t, s, "frame 3"))
	require.Contains(t, run(t, s, "bt"), "→ #1-5 down at prog.asm:9 x5")

	frames := s.Frames()
	require.Len(t, frames, 7)
	require.Equal(t, debugger.Frame{N: 6, Function: debugger.MainFunction, Addr: 3, File: "prog.asm", Line: 3}, frames[6])

	// A step moves the selection back to #0.
	run(t, s, "reverse-step")
	require.Equal(t, 0, s.SelectedFrame())
	require.Equal(t, 7, len(s.Frames()))
}

// finish returns from the selected frame's call, found on the shadow call
// stack.
func TestFinishUsesTheCallStack(t *testing.T) {
	s := newSess(t, `start:
  mov eax, 3
  call down
  hlt
down:
  cmp eax, 0
  je bottom
  dec eax
  call down
bottom:
  ret
`)
	run(t, s, "break bottom", "continue", "delete")
	require.Equal(t, int32(0), reg(s, memory.EAX))
	require.Len(t, s.Frames(), 5) // 4 calls of down, and the main code
	out := run(t, s, "finish")
	require.Contains(t, out, "returned to prog.asm:11")
	require.Len(t, s.Frames(), 4)

	// With frame 1 selected, finish returns from the call that frame #1
	// is in: two frames go at once.
	run(t, s, "frame 1")
	out = run(t, s, "finish")
	require.Contains(t, out, "returned to prog.asm:11")
	require.Len(t, s.Frames(), 2)
	run(t, s, "frame 1")
	_, err := s.Exec("finish")
	require.EqualError(t, err, "finish: the selected frame is the main code, which nothing called")
}

// The counts follow step back and start again with restart.
func TestProfileCounts(t *testing.T) {
	s := newSess(t, testprogs.Fault)
	require.Equal(t, "no steps yet: the counts start with the first step", run(t, s, "profile"))
	run(t, s, "continue")
	require.Equal(t, `10 steps; the hottest lines:
   20.0%            2  prog.asm:5  div eax, ebx
   20.0%            2  prog.asm:6  dec ebx
   20.0%            2  prog.asm:7  prn eax
   20.0%            2  prog.asm:8  jmp loop
   10.0%            1  prog.asm:2  mov eax, 10
   10.0%            1  prog.asm:3  mov ebx, 2`, run(t, s, "profile"))
	counts := s.LineCounts()
	require.Equal(t, uint64(2), counts[6], "div eax, ebx at address 6 ran twice (the third faulted)")
	run(t, s, "reverse-step 4")
	require.Equal(t, uint64(1), s.LineCounts()[6])
	require.Equal(t, run(t, s, "info lines"), run(t, s, "profile"))
	require.Equal(t, "6 steps; the hottest lines:\n   16.7%            1  prog.asm:2  mov eax, 10", run(t, s, "profile 1"))
	run(t, s, "restart")
	require.Equal(t, uint64(0), s.LineCounts()[6])
}

// profile's function table follows step back: stepped back into the
// recursion, it reads as it did when the run got there going forward.
func TestProfileFunctionsFollowStepBack(t *testing.T) {
	s := newSess(t, testprogs.Fact)
	run(t, s, "step 30")
	at30 := `30 steps; the hottest lines:
   16.7%            5  prog.asm:7  cmp eax, 1
functions (self: its own instructions; total: with what it calls):
  function              calls           self                  total
  (main)                    -              2    6.7%             30  100.0%
  fact                      5             28   93.3%             28   93.3%`
	require.Equal(t, at30, run(t, s, "profile 1"), "fact is still running: its total counts up to now")
	run(t, s, "continue")
	end := `40 steps; the hottest lines:
   12.5%            5  prog.asm:7  cmp eax, 1
functions (self: its own instructions; total: with what it calls):
  function              calls           self                  total
  (main)                    -              4   10.0%             40  100.0%
  fact                      5             36   90.0%             36   90.0%`
	require.Equal(t, end, run(t, s, "profile 1"))
	run(t, s, "reverse-step 10")
	require.Equal(t, at30, run(t, s, "profile 1"))
	run(t, s, "continue")
	require.Equal(t, end, run(t, s, "profile 1"))
}
