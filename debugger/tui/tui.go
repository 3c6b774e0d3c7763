package tui

import (
	"cpu32/debugger"

	"github.com/rivo/tview"
)

// Run debugs s in the terminal until the user quits. A program's fault or
// end never ends the debugger; only q (or the quit command) does.
func Run(s *debugger.Session) error {
	app := tview.NewApplication()
	New(s, app)
	return app.Run()
}
