package tui

import (
	"cpu32/debugger"

	"github.com/rivo/tview"
)

// Run debugs s in the terminal until the user quits. A program's fault or
// end never ends the debugger; only q (or the quit command) does.
//
// notes, such as the assembler's warnings, are shown in the commands pane
// when the debugger opens.
func Run(s *debugger.Session, notes ...string) error {
	app := tview.NewApplication()
	u := New(s, app)
	for _, n := range notes {
		u.cmdOut.appendText(n)
	}
	return app.Run()
}
