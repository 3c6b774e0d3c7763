package tui

import "cpu32/debugger/cmdlang"

// inputLabel is the command line's label while it takes a line of the
// program's input rather than a command.
const inputLabel = "input> "

// inputHint says what the input line does.
const inputHint = "the program waits for input: type a line and Enter (Ctrl-D ends the input, Esc for commands)"

// askInput turns the command line into the program's input line: the
// program stopped at an rdn or rdc with nothing to read. resume is the
// command that stopped, run again once the line is given.
func (u *UI) askInput(resume string) {
	u.resume = resume
	u.openCommandLine()
	u.cmd.label, u.cmd.hint = inputLabel, inputHint
	u.status.setMessage("waiting for input")
}

// afterRun asks for input when the command just run left the program
// waiting for it. The status stays waiting until the program reads again,
// so only a command that runs the program asks (not `input` itself).
func (u *UI) afterRun(line string) {
	if cmdlang.IsRunning(line) && u.s.Status().Waiting {
		u.askInput(line)
	}
}

// inputEntered gives the program a line (and a newline) and runs again the
// command that waited for it.
func (u *UI) inputEntered(line string) {
	resume := u.resume
	u.resume = ""
	u.cmd.open()
	u.cmdOut.appendText(inputLabel + line)
	u.s.FeedInput(line)
	u.execute(resume, false)
}

// inputEnded ends the program's input (Ctrl-D on the input line): rdc
// reads -1 and rdn faults with end-of-input, as at the end of a file.
func (u *UI) inputEnded() {
	if u.resume == "" {
		return
	}
	resume := u.resume
	u.resume = ""
	u.cmd.open()
	u.cmdOut.appendText(inputLabel + "(end of input)")
	u.s.Input().Close()
	u.execute(resume, false)
}
