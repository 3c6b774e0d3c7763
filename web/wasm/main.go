//go:build js && wasm

// Command wasm is the playground's engine in the browser: built with
// GOOS=js GOARCH=wasm into web/static/engine.wasm (see web/build.sh), it
// runs in a Web Worker (web/static/worker.js), takes the page's requests
// as JSON through cpu32Handle, and posts each reply, and a run's progress,
// back with postMessage. cpu32Pause stops a run.
package main

import (
	"encoding/json"
	"runtime"
	"sync/atomic"
	"syscall/js"
	"time"

	"cpu32/web/engine"
)

// progressEvery is how often a run posts its output so far and lets the
// browser deliver a Pause: often enough to feel live, seldom enough to
// cost the run little.
const progressEvery = 50 * time.Millisecond

func main() {
	e := engine.New()
	send := func(v any) {
		b, err := json.Marshal(v)
		if err != nil {
			b, _ = json.Marshal(engine.Reply{Error: err.Error()})
		}
		js.Global().Call("postMessage", string(b))
	}
	var running atomic.Bool
	js.Global().Set("cpu32Handle", js.FuncOf(func(_ js.Value, args []js.Value) any {
		var r engine.Request
		if err := json.Unmarshal([]byte(args[0].String()), &r); err != nil {
			send(engine.Reply{Error: "bad request: " + err.Error()})
			return nil
		}
		if r.Cmd == "check" { // the editor's as-you-type check touches no session
			send(e.Handle(r))
			return nil
		}
		if !running.CompareAndSwap(false, true) { // the page sends one at a time
			send(engine.Reply{ID: r.ID, Error: "the program is running (pause it first)"})
			return nil
		}
		go func() {
			defer running.Store(false)
			send(serve(e, r, send))
		}()
		return nil
	}))
	js.Global().Set("cpu32Pause", js.FuncOf(func(js.Value, []js.Value) any {
		e.Pause()
		return nil
	}))
	send(map[string]bool{"ready": true})
	select {}
}

// serve does one request. A run may take long, and WebAssembly has no
// preemption: left alone, the run would keep the worker's thread to itself
// and a Pause would never arrive. So the run goes on its own goroutine,
// and this one waits on the session (Peek) between the run's chunks: every
// progressEvery it posts the progress and sleeps a moment, while the run
// waits, so that every goroutine is blocked and the runtime hands the
// thread back to the browser, which delivers a Pause. The order matters:
// this goroutine holds the session while the run starts, so that it is
// already waiting when the run takes it; else the run would never see a
// peeker.
func serve(e *engine.Engine, r engine.Request, send func(any)) engine.Reply {
	if rep, ok := e.Prepare(r); !ok {
		rep.ID = r.ID
		return rep
	}
	done := make(chan engine.Reply, 1)
	e.Peek(func(engine.Progress) {
		go func() { done <- e.Do(r) }()
		runtime.Gosched() // the run starts and waits for the session
	})
	last := time.Now()
	for {
		select {
		case rep := <-done:
			return rep
		default:
		}
		e.Peek(func(p engine.Progress) {
			// Holding the session, let the run go on with anything else
			// (a request that never takes the session ends so) until it
			// waits for the session again. Yielding outside Peek instead
			// would let the run take its next chunk before this goroutine
			// waits for it, and then it would never wait again.
			runtime.Gosched()
			if len(done) > 0 || time.Since(last) < progressEvery {
				return
			}
			send(map[string]any{"progress": p})
			time.Sleep(time.Millisecond)
			last = time.Now()
		})
	}
}
