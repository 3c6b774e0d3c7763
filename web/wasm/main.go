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
	post := js.Global().Get("postMessage")
	send := func(v any) {
		b, err := json.Marshal(v)
		if err != nil {
			b, _ = json.Marshal(engine.Reply{Error: err.Error()})
		}
		post.Invoke(string(b))
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
		if !running.CompareAndSwap(false, true) {
			send(engine.Reply{ID: r.ID, Error: "the program is running (pause it first)"})
			return nil
		}
		// A run may take long: it goes on its own goroutine, and a ticker
		// lends the browser the thread between its chunks (a wrapped
		// function must not block the event loop).
		stop := make(chan struct{})
		go tick(e, stop, send)
		go func() {
			defer running.Store(false)
			rep := e.Handle(r)
			close(stop)
			send(rep)
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

// tick runs between the chunks of a run until stop closes: every
// progressEvery it posts the progress and sleeps a moment inside Peek,
// while the run waits, so that every goroutine is blocked and the runtime
// hands the thread back to the browser, which delivers a Pause message.
// WebAssembly has no preemption: without this the run would keep the
// worker's thread to itself.
func tick(e *engine.Engine, stop chan struct{}, send func(any)) {
	last := time.Now()
	for {
		select {
		case <-stop:
			return
		default:
		}
		runtime.Gosched() // lets the run start and take the session
		e.Peek(func(p engine.Progress) {
			if time.Since(last) < progressEvery {
				return
			}
			send(map[string]any{"progress": p})
			time.Sleep(time.Millisecond)
			last = time.Now()
		})
	}
}
