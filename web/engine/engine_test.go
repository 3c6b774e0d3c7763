package engine

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const hello = `section .data
msg: dd "Hi", 10, 0
section .text
start:  mov esi, msg
next:   mov eax, [esi]
        cmp eax, 0
        je done
        prc eax
        inc esi
        jmp next
done:
`

func reg(t *testing.T, st *State, name string) int32 {
	t.Helper()
	for _, w := range st.Registers {
		if w.Name == name {
			return w.Value
		}
	}
	t.Fatalf("no register %s", name)
	return 0
}

func TestRunPrints(t *testing.T) {
	e := New()
	rep := e.Handle(Request{ID: 3, Cmd: "run", Source: hello})
	require.Equal(t, 3, rep.ID)
	require.Empty(t, rep.Error)
	require.Equal(t, "Hi\n", rep.State.Output)
	require.Equal(t, "ended", rep.State.Status)
	require.Equal(t, 0, rep.State.Line)
	require.Equal(t, "the program ended after 22 steps", rep.Message)
}

func TestStepStepBack(t *testing.T) {
	e := New()
	rep := e.Handle(Request{Cmd: "load", Source: hello})
	require.Empty(t, rep.Error)
	require.Equal(t, 4, rep.State.Line)
	rep = e.Handle(Request{Cmd: "step", Source: hello})
	require.Equal(t, 5, rep.State.Line)
	require.Equal(t, int32(32), reg(t, rep.State, "esi"))
	require.True(t, rep.State.Registers[4].Changed, "esi is highlighted")
	rep = e.Handle(Request{Cmd: "step", Source: hello})
	require.Equal(t, int32('H'), reg(t, rep.State, "eax"))
	rep = e.Handle(Request{Cmd: "stepBack", Source: hello})
	require.Empty(t, rep.Error)
	require.Equal(t, 5, rep.State.Line)
	require.Equal(t, int32(0), reg(t, rep.State, "eax"))
	require.Equal(t, uint64(1), rep.State.Steps)
}

func TestErrorsAtTheirLines(t *testing.T) {
	src := "mov eax, 1\nmvo ebx, 2\nadd eax,\n"
	d := Check(src)
	require.Len(t, d, 2)
	require.Equal(t, 2, d[0].Line)
	require.Equal(t, 1, d[0].Col)
	require.Equal(t, "unknown instruction 'mvo' (did you mean 'mov'?)", d[0].Msg)
	require.Equal(t, 3, d[1].Line)
	rep := New().Handle(Request{Cmd: "run", Source: src})
	require.Equal(t, "the program has errors", rep.Error)
	require.Len(t, rep.Diagnostics, 2)
	require.Empty(t, Check(hello))
}

func TestBreakpointContinueAndReverse(t *testing.T) {
	e := New()
	rep := e.Handle(Request{Cmd: "toggleBreak", Line: 8, Source: hello})
	require.Equal(t, "breakpoint 1 at main.asm:8", rep.Message)
	require.Equal(t, []int{8}, rep.State.Breakpoints)
	rep = e.Handle(Request{Cmd: "continue", Source: hello})
	require.Equal(t, "breakpoint 1 at main.asm:8", rep.Message)
	require.Equal(t, 8, rep.State.Line)
	rep = e.Handle(Request{Cmd: "continue", Source: hello})
	require.Equal(t, "H", rep.State.Output)
	rep = e.Handle(Request{Cmd: "reverseContinue", Source: hello})
	require.Equal(t, 8, rep.State.Line)
	require.Equal(t, "", rep.State.Output)
	// An edit keeps the breakpoint on its line.
	rep = e.Handle(Request{Cmd: "run", Source: hello + "; more\n"})
	require.Equal(t, "breakpoint 1 at main.asm:8", rep.Message)
}

func TestFinishAndFrames(t *testing.T) {
	src := "start: call f\n       prn eax\n       hlt\nf:     mov eax, 7\n       ret\n"
	e := New()
	e.Handle(Request{Cmd: "load", Source: src})
	rep := e.Handle(Request{Cmd: "step", Source: src})
	require.Equal(t, []Frame{{"f", 4}, {"(main)", 1}}, rep.State.Frames)
	rep = e.Handle(Request{Cmd: "finish", Source: src})
	require.Equal(t, "returned to main.asm:2; eax = 7", rep.Message)
	rep = e.Handle(Request{Cmd: "next", Source: src})
	require.Equal(t, "7\n", rep.State.Output)
}

func TestInputResumes(t *testing.T) {
	src := "rdn eax\nrdn ebx\nadd eax, ebx\nprn eax\n"
	e := New()
	rep := e.Handle(Request{Cmd: "run", Source: src})
	require.Equal(t, "waiting for input", rep.State.Status)
	rep = e.Handle(Request{Cmd: "input", Text: "40 2"})
	require.Equal(t, "42\n", rep.State.Output)
	require.Equal(t, "ended", rep.State.Status)
}

func TestPauseStopsARunaway(t *testing.T) {
	src := "loop: inc eax\n      jmp loop\n"
	e := New()
	e.Handle(Request{Cmd: "load", Source: src})
	done := make(chan Reply)
	go func() { done <- e.Handle(Request{Cmd: "continue", Source: src}) }()
	time.Sleep(50 * time.Millisecond)
	e.Pause()
	select {
	case rep := <-done:
		require.Equal(t, "interrupted", rep.Message)
		require.Equal(t, "paused", rep.State.Status)
		require.NotZero(t, rep.State.Steps)
	case <-time.After(10 * time.Second):
		t.Fatal("pause did not stop the run")
	}
}

func TestMemoryAndExec(t *testing.T) {
	e := New()
	rep := e.Handle(Request{Cmd: "load", Source: hello})
	require.Equal(t, int32('H'), rep.State.Memory[0].Value)
	rep = e.Handle(Request{Cmd: "memory", Text: "msg+1"})
	require.Equal(t, int32('i'), rep.State.Memory[0].Value)
	require.Equal(t, uint32(33), rep.State.Memory[0].Addr)
	rep = e.Handle(Request{Cmd: "exec", Text: "print msg"})
	require.Empty(t, rep.Error)
	require.Equal(t, "msg = 32 (0x00000020)", strings.TrimSpace(rep.Message))
	rep = e.Handle(Request{Cmd: "bogus"})
	require.Equal(t, `unknown command "bogus"`, rep.Error)
}

func TestPeekSeesProgress(t *testing.T) {
	src := "loop: prc 65\n      jmp loop\n"
	e := New()
	e.Handle(Request{Cmd: "load", Source: src})
	done := make(chan Reply)
	go func() { done <- e.Handle(Request{Cmd: "continue", Source: src}) }()
	var p Progress
	for p.Steps < 1000 {
		e.Peek(func(q Progress) { p = q })
	}
	e.Pause()
	<-done
	require.Equal(t, strings.Repeat("A", len(p.Output)), p.Output)
	require.NotEmpty(t, p.Output)
}

func TestExamplesRun(t *testing.T) {
	ex := New().Handle(Request{Cmd: "examples"}).Examples
	var names []string
	for _, x := range ex {
		names = append(names, x.Name)
	}
	require.Contains(t, names, "hello")
	require.Contains(t, names, "strings")
	for _, x := range ex {
		if x.Name != "strings" && x.Name != "readsum" {
			continue
		}
		e := New()
		rep := e.Handle(Request{Cmd: "run", Source: x.Source})
		require.Empty(t, rep.Error, x.Name)
		if x.Input != "" {
			rep = e.Handle(Request{Cmd: "input", Text: strings.TrimSuffix(x.Input, "\n")})
		}
		want, err := os.ReadFile(filepath.Join("../../programs", x.Name+".out"))
		require.NoError(t, err)
		require.Equal(t, string(want), rep.State.Output, x.Name)
	}
}

func TestLanguage(t *testing.T) {
	l := New().Handle(Request{Cmd: "examples"}).Language
	require.Contains(t, l.Registers, "eax")
	require.Contains(t, l.Registers, "flags")
	require.Contains(t, l.Instructions["mov"], "mov: ")
	require.Contains(t, l.Instructions["prn"], "syntax:  prn src")
}

func TestHeat(t *testing.T) {
	e := New()
	rep := e.Handle(Request{Cmd: "run", Source: hello})
	require.Nil(t, rep.State.Heat)
	rep = e.Handle(Request{Cmd: "heat", Text: "on"})
	// Three characters and the 0: the loop's test ran four times, prc three.
	require.Equal(t, map[int]uint64{4: 1, 5: 4, 6: 4, 7: 4, 8: 3, 9: 3, 10: 3}, rep.State.Heat)
	rep = e.Handle(Request{Cmd: "stepBack"}) // the last je, which left the loop
	require.Equal(t, uint64(3), rep.State.Heat[7])
	rep = e.Handle(Request{Cmd: "heat", Text: "off"})
	require.Nil(t, rep.State.Heat)
}

func TestRunTo(t *testing.T) {
	e := New()
	rep := e.Handle(Request{Cmd: "runTo", Line: 9, Source: hello})
	require.Empty(t, rep.Error)
	require.Equal(t, "reached main.asm:9", rep.Message)
	require.Equal(t, "H", rep.State.Output)
	rep = e.Handle(Request{Cmd: "runTo", Line: 99, Source: hello})
	require.Equal(t, "no code at or below line 99", rep.Error)
}

func TestMemoryError(t *testing.T) {
	e := New()
	e.Handle(Request{Cmd: "load", Source: hello})
	rep := e.Handle(Request{Cmd: "memory", Text: "nosuch+1"})
	require.NotEmpty(t, rep.State.MemoryError)
	require.Equal(t, uint32(32), rep.State.Memory[0].Addr)
	rep = e.Handle(Request{Cmd: "memory", Text: "msg"})
	require.Empty(t, rep.State.MemoryError)
}

// FuzzHandle sends any text through the commands that end by themselves:
// nothing panics, and every reply has its request's id.
func FuzzHandle(f *testing.F) {
	f.Add(hello, 8, "msg", uint8(0))
	f.Add("mov eax, [", 1, "", uint8(3))
	f.Add("start: call start\n", 1, "esp-1", uint8(5))
	f.Add("rdn eax\nrdc ebx\n", 2, "\x00", uint8(7))
	cmds := []string{"check", "load", "step", "stepBack", "next", "memory", "toggleBreak", "heat", "state", "restart", "input", "examples"}
	f.Fuzz(func(t *testing.T, src string, line int, text string, pick uint8) {
		e := New()
		for i := range 6 {
			r := Request{ID: i + 1, Cmd: cmds[(int(pick)+i*5)%len(cmds)], Source: src, Line: line, Text: text}
			if r.Cmd == "next" && strings.Contains(src, "call") {
				r.Cmd = "step" // a call that never returns would run on
			}
			if r.Cmd == "input" {
				e.Pause() // input resumes a waiting run: stop it at once
			}
			rep := e.Handle(r)
			if rep.ID != r.ID {
				t.Fatalf("reply %d to request %d", rep.ID, r.ID)
			}
		}
	})
}
