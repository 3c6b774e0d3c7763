package dap

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/google/go-dap"

	"cpu32/cpu"
)

// threadID is the one thread a cpu32 program has.
const threadID = 1

// Server serves one client for one debugging session: it reads requests
// until the client disconnects or the input ends. Requests are handled one
// at a time on Serve's goroutine; the program runs on another, so that a
// pause (or a disconnect) is read and acted on while it runs.
type Server struct {
	in        *bufio.Reader
	out       *writer
	newEngine NewEngine

	initialized, launched, configured, terminated bool
	clientInvalidates                             bool // the client takes invalidated events

	launch launchArgs
	// loading brings the last step of a load under way (a launch's or a
	// restart's, see background); nil when none is. waiting are the
	// requests that came after it, to be handled once it has answered.
	loading chan func()
	waiting []dap.RequestMessage
	eng     Engine
	paths   []string // the program's source files as absolute paths, parallel to Debug.Files
	sent    uint64   // how much of the program's output has been sent

	// stopOnFault is the faults filter; the run goroutine reads it.
	stopOnFault atomic.Bool
	points      pointSets

	// mu guards the run state below, shared with the run goroutine. While
	// running is true the run goroutine owns eng.
	mu      sync.Mutex
	running bool
	runOp   RunOp
	// pauseWanted says that the run was asked to stop: a pause without it
	// comes from an interrupt meant for an earlier run.
	pauseWanted bool
	runDone     chan struct{}
	// hold asks the run goroutine to leave its stop's events in held
	// instead of sending them: the request loop paused the run to change
	// breakpoints and decides whether to resume or report.
	hold     bool
	held     []dap.Message
	heldStop Stop
}

// NewEngine makes the engine for a launched program.
type NewEngine func(l Launch) (Engine, error)

// NewServer returns a server that reads requests from r and writes
// responses and events to w, with engines made by newEngine.
func NewServer(r io.Reader, w io.Writer, newEngine NewEngine) *Server {
	s := &Server{in: bufio.NewReader(r), out: newWriter(w), newEngine: newEngine}
	s.stopOnFault.Store(true)
	return s
}

// Serve handles requests until the client disconnects (nil), the input
// ends (nil: the client went away) or the input is not the protocol (an
// error). A program still running is stopped before Serve returns.
//
// A launch reads and loads its program on a goroutine of its own while
// Serve goes on reading requests, so that a disconnect is answered at
// once. The requests that come meanwhile wait, and are handled in order
// once the launch has answered; so is the end of the input, so that a
// client that sends a whole session and closes its end is answered.
func (s *Server) Serve() error {
	defer s.closeEngine()
	defer s.stopRun()
	frames := make(chan frame)
	quit := make(chan struct{})
	defer close(quit)
	go s.readFrames(frames, quit)
	var end error // the input's end, held while a launch is under way
	for {
		if end != nil && s.loading == nil {
			return s.inputEnded(end)
		}
		var f frame
		select {
		case f = <-frames: // after the end, never ready: readFrames has returned
		case finish := <-s.loading: // nil, and never ready, without a load under way
			s.loading = nil
			finish()
			if s.handleWaiting() {
				return nil
			}
			continue
		}
		if f.err != nil {
			end = f.err
			continue
		}
		msg, bad := decode(f.content)
		if bad != nil {
			s.sendError(bad.seq, bad.command, bad.err)
			continue
		}
		req, ok := msg.(dap.RequestMessage)
		if !ok {
			s.sendError(msg.GetSeq(), "", fmt.Errorf("unexpected %T: a client sends requests", msg))
			continue
		}
		if _, disconnect := req.(*dap.DisconnectRequest); s.loading != nil && !disconnect {
			if len(s.waiting) >= maxWaiting {
				r := req.GetRequest()
				s.sendError(r.Seq, r.Command, fmt.Errorf("more than %d requests while the program is being launched", maxWaiting))
				continue
			}
			s.waiting = append(s.waiting, req)
			continue
		}
		if quit := s.handle(req); quit {
			return nil
		}
	}
}

// background runs load, which reads and loads a program for request r,
// on a goroutine of its own, and then the function it returns on Serve's
// goroutine, answering r with its error. Requests that come meanwhile wait
// (but for a disconnect, which is answered at once); a panic in either is
// an internal error, as in handle.
func (s *Server) background(r *dap.Request, load func() (finish func() error)) {
	done := make(chan func(), 1) // the goroutine never waits: a server gone does not take it
	s.loading = done
	go func() {
		finish := func() error { return nil }
		defer func() {
			if p := recover(); p != nil {
				err := fmt.Errorf("internal error: %v", p)
				finish = func() error { return err }
			}
			done <- func() { s.answer(r, finish) }
		}()
		finish = load()
	}()
}

// answer runs fn for request r and answers r with its error; a bug of the
// server's own is an error response, not a crash.
func (s *Server) answer(r *dap.Request, fn func() error) {
	defer func() {
		if p := recover(); p != nil {
			s.sendError(r.Seq, r.Command, fmt.Errorf("internal error: %v", p))
		}
	}()
	if err := fn(); err != nil {
		s.sendError(r.Seq, r.Command, err)
	}
}

// maxWaiting bounds the requests that wait for a load under way.
const maxWaiting = 1000

// handleWaiting handles the requests that waited for a launch, until one
// starts another; it returns true when one ended the session.
func (s *Server) handleWaiting() (quit bool) {
	for len(s.waiting) > 0 && s.loading == nil {
		req := s.waiting[0]
		s.waiting = s.waiting[1:]
		if s.handle(req) {
			return true
		}
	}
	return false
}

// inputEnded is Serve's result when the input ends with err.
func (s *Server) inputEnded(err error) error {
	if errors.Is(err, io.EOF) {
		return nil
	}
	if errors.Is(err, errFraming) {
		s.console("cpu32 dap: %v; closing the session\n", err)
	}
	return err
}

// frame is a message's content as readFrames read it, or why it could not.
type frame struct {
	content []byte
	err     error
}

// readFrames reads the client's messages and hands them to Serve, until
// the input ends or fails, or Serve returns (quit).
func (s *Server) readFrames(frames chan<- frame, quit <-chan struct{}) {
	for {
		content, err := readFrame(s.in)
		select {
		case frames <- frame{content, err}:
		case <-quit:
			return
		}
		if err != nil {
			return
		}
	}
}

// stopRun interrupts a running program and waits for its goroutine.
func (s *Server) stopRun() {
	s.mu.Lock()
	s.hold = true // the stop is not reported
	s.mu.Unlock()
	// A run that has just ended may still be sending its stop's events:
	// wait for its goroutine all the same, so that nothing is written
	// after Serve returns.
	if done, _ := s.interrupt(); done != nil {
		<-done
	}
	s.mu.Lock()
	s.hold, s.held = false, nil
	s.mu.Unlock()
}

// closeEngine frees what the engine holds beyond memory (a session's
// compiled code), once the run has ended.
func (s *Server) closeEngine() {
	if c, ok := s.eng.(io.Closer); ok {
		c.Close()
	}
}

// isRunning reports whether the program is running now.
func (s *Server) isRunning() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.running
}

// errRunning answers requests that need a stopped program.
var errRunning = errors.New("the program is running: pause it first")

// handle answers one request; it returns true when the session is over.
// A bug of the server's own is an error response, not a crash.
func (s *Server) handle(req dap.RequestMessage) (quit bool) {
	r := req.GetRequest()
	defer func() {
		if p := recover(); p != nil {
			s.sendError(r.Seq, r.Command, fmt.Errorf("internal error: %v", p))
		}
	}()
	// Order: initialize first, then launch, then the rest.
	switch req.(type) {
	case *dap.InitializeRequest:
	case *dap.DisconnectRequest:
		s.onDisconnect(req.(*dap.DisconnectRequest))
		return true
	default:
		if !s.initialized {
			s.sendError(r.Seq, r.Command, errors.New("send initialize first"))
			return false
		}
		switch req.(type) {
		case *dap.LaunchRequest, *dap.ThreadsRequest, *dap.SetExceptionBreakpointsRequest:
		case *dap.AttachRequest:
			s.sendError(r.Seq, r.Command, errors.New("attach is not supported: cpu32 debugs a program it launches (use \"request\": \"launch\")"))
			return false
		default:
			if !s.launched {
				s.sendError(r.Seq, r.Command, errors.New("launch a program first"))
				return false
			}
		}
	}
	var err error
	switch req := req.(type) {
	case *dap.InitializeRequest:
		err = s.onInitialize(req)
	case *dap.LaunchRequest:
		err = s.onLaunch(req)
	case *dap.ConfigurationDoneRequest:
		err = s.onConfigurationDone(req)
	case *dap.SetBreakpointsRequest:
		err = s.whilePaused(func() error { return s.onSetBreakpoints(req) })
	case *dap.SetInstructionBreakpointsRequest:
		err = s.whilePaused(func() error { return s.onSetInstructionBreakpoints(req) })
	case *dap.SetExceptionBreakpointsRequest:
		err = s.onSetExceptionBreakpoints(req)
	case *dap.DataBreakpointInfoRequest:
		err = s.stopped(func() error { return s.onDataBreakpointInfo(req) })
	case *dap.SetDataBreakpointsRequest:
		err = s.whilePaused(func() error { return s.onSetDataBreakpoints(req) })
	case *dap.ThreadsRequest:
		s.out.send(&dap.ThreadsResponse{Response: response(r), Body: dap.ThreadsResponseBody{Threads: []dap.Thread{{Id: threadID, Name: "cpu32"}}}})
	case *dap.StackTraceRequest:
		err = s.stopped(func() error { return s.onStackTrace(req) })
	case *dap.ScopesRequest:
		err = s.stopped(func() error { return s.onScopes(req) })
	case *dap.VariablesRequest:
		err = s.stopped(func() error { return s.onVariables(req) })
	case *dap.SetVariableRequest:
		err = s.stopped(func() error { return s.onSetVariable(req) })
	case *dap.EvaluateRequest:
		err = s.stopped(func() error { return s.onEvaluate(req) })
	case *dap.ExceptionInfoRequest:
		err = s.stopped(func() error { return s.onExceptionInfo(req) })
	case *dap.ContinueRequest:
		err = s.onRun(r, Continue, &dap.ContinueResponse{Response: response(r), Body: dap.ContinueResponseBody{AllThreadsContinued: true}})
	case *dap.NextRequest:
		err = s.onRun(r, StepOver, &dap.NextResponse{Response: response(r)})
	case *dap.StepInRequest:
		err = s.onRun(r, StepIn, &dap.StepInResponse{Response: response(r)})
	case *dap.StepOutRequest:
		err = s.onRun(r, StepOut, &dap.StepOutResponse{Response: response(r)})
	case *dap.StepBackRequest:
		err = s.onRun(r, StepBack, &dap.StepBackResponse{Response: response(r)})
	case *dap.ReverseContinueRequest:
		err = s.onRun(r, ReverseContinue, &dap.ReverseContinueResponse{Response: response(r)})
	case *dap.PauseRequest:
		s.onPause(req)
	case *dap.CompletionsRequest:
		err = s.stopped(func() error { return s.onCompletions(req) })
	case *dap.SourceRequest:
		err = s.onSource(req)
	case *dap.DisassembleRequest:
		err = s.stopped(func() error { return s.onDisassemble(req) })
	case *dap.ReadMemoryRequest:
		err = s.stopped(func() error { return s.onReadMemory(req) })
	case *dap.WriteMemoryRequest:
		err = s.stopped(func() error { return s.onWriteMemory(req) })
	case *dap.RestartRequest:
		err = s.onRestart(req)
	case *dap.TerminateRequest:
		s.stopRun()
		s.out.send(&dap.TerminateResponse{Response: response(r)})
		s.end(exitCode(s.eng.CPU()))
	default:
		err = fmt.Errorf("unsupported request %q", r.Command)
	}
	if err != nil {
		s.sendError(r.Seq, r.Command, err)
	}
	return false
}

// stopped runs a request that needs the engine, refusing it while the
// program runs.
func (s *Server) stopped(fn func() error) error {
	if s.isRunning() {
		return errRunning
	}
	return fn()
}

func (s *Server) onInitialize(req *dap.InitializeRequest) error {
	if s.initialized {
		return errors.New("already initialized")
	}
	s.initialized = true
	s.clientInvalidates = req.Arguments.SupportsInvalidatedEvent
	s.out.send(&dap.InitializeResponse{Response: response(&req.Request), Body: dap.Capabilities{
		SupportsConfigurationDoneRequest:  true,
		SupportsConditionalBreakpoints:    true,
		SupportsHitConditionalBreakpoints: true,
		SupportsLogPoints:                 true,
		SupportsEvaluateForHovers:         true,
		ExceptionBreakpointFilters: []dap.ExceptionBreakpointsFilter{{
			Filter: faultsFilter, Label: "Faults", Default: true,
			Description: "Stop when the program faults (divide by zero, stack overflow, memory out of range, ...)",
		}},
		SupportsStepBack:               true,
		SupportsSetVariable:            true,
		SupportsRestartRequest:         true,
		SupportsValueFormattingOptions: true,
		SupportsExceptionInfoRequest:   true,
		SupportTerminateDebuggee:       true,
		SupportsTerminateRequest:       true,
		SupportsDataBreakpoints:        true,
		SupportsReadMemoryRequest:      true,
		SupportsWriteMemoryRequest:     true,
		SupportsDisassembleRequest:     true,
		SupportsInstructionBreakpoints: true,
		// A deep recursion has thousands of frames: the editor pages.
		SupportsDelayedStackTraceLoading: true,
		SupportsCompletionsRequest:       true,
	}})
	return nil
}

func (s *Server) onConfigurationDone(req *dap.ConfigurationDoneRequest) error {
	if s.configured {
		return errors.New("configurationDone was already sent")
	}
	s.configured = true
	s.out.send(&dap.ConfigurationDoneResponse{Response: response(&req.Request)})
	s.begin()
	return nil
}

// begin starts the program after configuration or a restart: stopped on
// its first instruction, or running.
func (s *Server) begin() {
	if s.launch.StopOnEntry && !s.launch.NoDebug {
		s.out.send(&dap.StoppedEvent{Event: event("stopped"), Body: dap.StoppedEventBody{
			Reason: "entry", ThreadId: threadID, AllThreadsStopped: true}})
		return
	}
	if c := s.eng.CPU(); c.State() != cpu.Ready {
		// Nothing to run: a program without instructions has ended.
		s.end(exitCode(c))
		return
	}
	if st, ok := s.eng.EntryStop(); ok && !s.launch.NoDebug {
		logs, rest := s.logStop(st)
		if len(logs) > 0 {
			s.logPoints(logs)
		}
		if len(logs) == 0 || len(rest.IDs) > 0 {
			for _, m := range s.stopEvents(Continue, rest, nil) {
				s.out.send(m)
			}
			return
		}
	}
	s.startRun(Continue)
}

func (s *Server) onDisconnect(req *dap.DisconnectRequest) {
	s.stopRun()
	s.out.send(&dap.DisconnectResponse{Response: response(&req.Request)})
}

// end reports the end of the session: the program's exit code, then
// terminated, once.
func (s *Server) end(code int) {
	if s.terminated {
		return
	}
	s.terminated = true
	s.out.send(&dap.ExitedEvent{Event: event("exited"), Body: dap.ExitedEventBody{ExitCode: code}})
	s.out.send(&dap.TerminatedEvent{Event: event("terminated")})
}

// response starts the successful response to r.
func response(r *dap.Request) dap.Response {
	return dap.Response{ProtocolMessage: dap.ProtocolMessage{Type: "response"}, Command: r.Command, RequestSeq: r.Seq, Success: true}
}

func event(name string) dap.Event {
	return dap.Event{ProtocolMessage: dap.ProtocolMessage{Type: "event"}, Event: name}
}

// quiet are the requests an editor sends to fill its views and hovers:
// their errors are not worth a notification (hovering over a mnemonic
// is not a mistake).
var quiet = map[string]bool{"evaluate": true, "completions": true, "stackTrace": true, "scopes": true, "variables": true, "source": true,
	"dataBreakpointInfo": true, "disassemble": true, "readMemory": true, "exceptionInfo": true, "threads": true}

// sendError answers request seq with an error, which the editor shows the
// user unless the request is a quiet one.
func (s *Server) sendError(seq int, command string, err error) {
	s.out.send(errorResponse(seq, command, err))
}

// errorResponse is the error answer to request seq.
func errorResponse(seq int, command string, err error) *dap.ErrorResponse {
	return &dap.ErrorResponse{
		Response: dap.Response{ProtocolMessage: dap.ProtocolMessage{Type: "response"}, Command: command, RequestSeq: seq,
			Success: false, Message: err.Error()},
		Body: dap.ErrorResponseBody{Error: &dap.ErrorMessage{Id: 1, Format: err.Error(), ShowUser: !quiet[command]}},
	}
}

// console sends a debugger message to the editor's debug console.
func (s *Server) console(format string, args ...any) {
	s.output("console", fmt.Sprintf(format, args...))
}

func (s *Server) output(category, text string) {
	s.out.send(&dap.OutputEvent{Event: event("output"), Body: dap.OutputEventBody{Category: category, Output: text}})
}
