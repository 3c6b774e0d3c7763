package cpu

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"cpu32/assembler"
	"cpu32/image"
)

// frameText shows a call stack, innermost first, as "fn@line" (the label
// called and the call site's line), the way a test can spell it.
func frameText(p *image.Program, frames []Frame) string {
	var parts []string
	for _, f := range frames {
		name, ok := p.Debug.CodeLabelAt(f.Target)
		if !ok {
			name = fmt.Sprint(f.Target)
		}
		_, line, _ := p.Debug.Where(f.Site)
		parts = append(parts, fmt.Sprintf("%s@%d", name, line))
	}
	return strings.Join(parts, " ")
}

// callCases each stop at a hlt or a fault with a known call stack.
var callCases = []struct {
	name  string
	src   string
	stack int
	want  string // the call stack where the program stopped
	state State
}{
	{"nested calls to a fault", `
start:  call f          ; 2
        hlt
f:      call g          ; 4
        ret
g:      mov ebx, 0
        div eax, ebx    ; faults here, inside g
        ret`, 0, "g@4 f@2", Faulted},
	{"returned calls leave nothing", `
start:  call f
        call f
        hlt
f:      call g
        ret
g:      ret`, 0, "", Halted},
	{"hlt inside a function called twice", `
start:  call f          ; 2
        call g          ; 3
g:      call f          ; 4
f:      cmp ecx, 1
        je stop
        inc ecx
        ret
stop:   hlt`, 0, "f@4 g@3", Halted},
	{"a ret used as a jump does not pop the caller's frame", `
start:  call f          ; 2
        hlt
f:      push there      ; 4
        ret             ; jumps to there, esp back at f's slot
there:  hlt`, 0, "f@2", Halted},
	{"a return address popped by hand drops the frame", `
start:  call f          ; 2
        hlt
f:      pop eax         ; take the return address off the stack
        call g          ; 5: f's frame is gone, g's is pushed
g:      hlt`, 0, "g@5", Halted},
	{"a return address popped into eip drops the frame", `
start:  call f          ; 2
        call g          ; 3
g:      hlt
f:      pop eip         ; returns by hand`, 0, "g@3", Halted},
	{"a longjmp through mov esp drops the frames it skips", `
start:  mov esi, esp
        call f          ; 3
        hlt
f:      call g          ; 5
g:      call h          ; 6
h:      mov esp, esi    ; unwind everything
        call k          ; 8
k:      hlt`, 0, "k@8", Halted},
	{"recursion until the stack overflows", `
start:  call f          ; 2
f:      call f          ; 3`, 6, "f@3 f@3 f@3 f@3 f@3 f@2", Faulted},
	{"recursion that returns part way", `
start:  mov eax, 3
        call down       ; 3
        hlt
down:   dec eax
        cmp eax, 0
        je bottom
        call down       ; 8
        ret
bottom: mov ebx, 0
        div ecx, ebx`, 0, "down@8 down@8 down@3", Faulted},
	{"an indirect call names its target", `
start:  mov eax, f
        call eax        ; 3
f:      hlt`, 0, "f@3", Halted},
}

func assembleCase(t *testing.T, src string) *image.Program {
	t.Helper()
	p, err := assembler.Assemble("calls.asm", []byte(src), assembler.Options{})
	require.NoError(t, err)
	return p
}

func TestCallStack(t *testing.T) {
	for _, tc := range callCases {
		t.Run(tc.name, func(t *testing.T) {
			p := assembleCase(t, tc.src)
			c, err := New(p, Config{Memory: 8192, Stack: tc.stack})
			require.NoError(t, err)
			c.RunToEnd()
			require.Equal(t, tc.state, c.State(), "fault: %v", c.Fault())
			require.Equal(t, tc.want, frameText(p, c.CallStack()))
		})
	}
}

// TestCallStackStepBack steps each case to its end with a journal, noting
// the call stack after every step, then steps back to the start: at every
// step back the call stack must be what it was.
func TestCallStackStepBack(t *testing.T) {
	for _, tc := range callCases {
		t.Run(tc.name, func(t *testing.T) {
			p := assembleCase(t, tc.src)
			c, err := New(p, Config{Memory: 8192, Stack: tc.stack})
			require.NoError(t, err)
			c.SetJournal(NewJournal(0))
			seen := []string{frameText(p, c.CallStack())}
			for c.State() == Ready {
				if c.Step() != nil {
					break
				}
				seen = append(seen, frameText(p, c.CallStack()))
			}
			require.Equal(t, tc.want, frameText(p, c.CallStack()))
			for i := len(seen) - 1; i > 0; i-- {
				_, ok := c.Back()
				require.True(t, ok)
				require.Equal(t, seen[i-1], frameText(p, c.CallStack()), "after stepping back to step %d", i-1)
			}
		})
	}
}

// TestCallStackStepBackThenOtherPath undoes a return and takes another
// path: the frames a later call overwrote must come back on a second undo.
func TestCallStackStepBackThenOtherPath(t *testing.T) {
	p := assembleCase(t, `
start:  call f          ; 2
        call g          ; 3
        hlt
f:      call h          ; 5
        ret
g:      call h          ; 7
        ret
h:      ret`)
	c, err := New(p, Config{Memory: 8192})
	require.NoError(t, err)
	c.SetJournal(NewJournal(0))
	require.NoError(t, c.Step())
	require.NoError(t, c.Step())
	require.Equal(t, "h@5 f@2", frameText(p, c.CallStack()))
	for c.State() == Ready {
		require.NoError(t, c.Step())
	}
	require.Equal(t, Halted, c.State())
	require.Equal(t, "", frameText(p, c.CallStack()))
	var back []string
	for {
		if _, ok := c.Back(); !ok {
			break
		}
		back = append(back, frameText(p, c.CallStack()))
	}
	require.Equal(t, []string{"", "g@3", "h@7 g@3", "g@3", "", "f@2", "h@5 f@2", "f@2", ""}, back)
}

// TestCallStackIsBounded recurses past MaxFrames: the innermost frames are
// kept, the outermost forgotten and counted, and the ring stays at the cap;
// stepping back over a forgetting call brings the forgotten frame back.
func TestCallStackIsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("recurses a million calls deep")
	}
	const extra = 3
	p := assembleCase(t, fmt.Sprintf(`
start:  mov ecx, %d
        call f          ; 3
        hlt
f:      dec ecx
        cmp ecx, 0
        je stop
        call f          ; 8
stop:   hlt`, MaxFrames+extra))
	c, err := New(p, Config{Memory: MaxFrames + 1024, Stack: MaxFrames + 512})
	require.NoError(t, err)
	require.NoError(t, c.RunToEnd())
	require.Equal(t, Halted, c.State())
	frames := c.CallStack()
	require.Len(t, frames, MaxFrames)
	require.Equal(t, uint64(extra), c.Forgotten())
	require.Len(t, c.calls.ring, MaxFrames)
	size := uint32(MaxFrames + 1024)
	require.Equal(t, Frame{Site: 13, Target: 6, ESP: size - MaxFrames - extra}, frames[0])
	require.Equal(t, Frame{Site: 13, Target: 6, ESP: size - 1 - extra}, frames[MaxFrames-1])

	// Step back over the last forgetting call.
	c.Reset()
	c.SetJournal(NewJournal(16))
	_, err = c.Run(4*(MaxFrames+extra) - 2) // stop after the last call
	require.NoError(t, err)
	require.Equal(t, uint64(extra), c.Forgotten())
	_, ok := c.Back()
	require.True(t, ok)
	require.Equal(t, uint64(extra-1), c.Forgotten())
	frames = c.CallStack()
	require.Len(t, frames, MaxFrames)
	require.Equal(t, Frame{Site: 13, Target: 6, ESP: size - MaxFrames - extra + 1}, frames[0])
	require.Equal(t, Frame{Site: 13, Target: 6, ESP: size - 1 - (extra - 1)}, frames[MaxFrames-1])
}

// A machine run without a call stack has none, and a replay rebuilds the
// one a tracking machine has, input read included.
func TestReplayCallStack(t *testing.T) {
	p := assembleCase(t, `
start:  rdn eax         ; 2: how deep
        call down       ; 3
        hlt
down:   dec eax
        cmp eax, 0
        je bottom
        call down       ; 8
bottom: div eax, eax
`)
	run := func(track bool) *CPU {
		c, err := New(p, Config{Memory: 8192, NoCallStack: !track, Input: strings.NewReader("4\n")})
		require.NoError(t, err)
		require.Error(t, c.RunToEnd())
		return c
	}
	tracked, untracked := run(true), run(false)
	require.Equal(t, "down@8 down@8 down@8 down@3", frameText(p, tracked.CallStack()))
	require.Empty(t, untracked.CallStack())
	frames, forgotten, ok := untracked.ReplayCallStack([]byte("4\n"), nil)
	require.True(t, ok)
	require.Zero(t, forgotten)
	require.Equal(t, tracked.CallStack(), frames)

	// Other input takes another path: the replay says so.
	_, _, ok = untracked.ReplayCallStack([]byte("7\n"), nil)
	require.False(t, ok)
	// A tracking machine answers from its own stack.
	frames, _, ok = tracked.ReplayCallStack(nil, nil)
	require.True(t, ok)
	require.Len(t, frames, 4)
}
