package tui

import (
	"fmt"
	"strings"
	"time"

	"cpu32/debugger"

	"github.com/gdamore/tcell/v2"
	"github.com/rivo/tview"
)

// Run debugs s in the terminal until the user quits. A program's fault or
// end never ends the debugger; only q (or the quit command) does.
//
// notes, such as the assembler's warnings, are shown in the commands pane
// when the debugger opens.
func Run(s *debugger.Session, notes ...string) error {
	screen, err := tcell.NewScreen()
	if err != nil {
		return err
	}
	app := tview.NewApplication()
	if err := attach(app, screen); err != nil {
		return err
	}
	u := New(s, app)
	u.showNotes(notes)
	return app.Run()
}

// showNotes puts notes in the commands pane and says so on the status
// line: at 80x24 the pane shows only the last rows of a warning.
func (u *UI) showNotes(notes []string) {
	warnings := 0
	for _, n := range notes {
		u.cmdOut.appendText(n)
		warnings += strings.Count(n, ": warning: ")
	}
	switch {
	case warnings == 1:
		u.status.setMessage("1 warning: Tab to the commands pane, ↑ scrolls")
	case warnings > 1:
		u.status.setMessage(fmt.Sprintf("%d warnings: Tab to the commands pane, ↑ scrolls", warnings))
	case len(notes) > 0:
		u.status.setMessage("see the commands pane")
	}
}

// attach gives app the screen, wrapped so that a key that only edits the
// command line redraws that line alone, with bracketed paste on so that a
// paste arrives as one piece where the terminal supports it.
func attach(app *tview.Application, screen tcell.Screen) error {
	ls := &lineScreen{Screen: screen}
	if err := ls.Init(); err != nil {
		return err // most likely there is no terminal
	}
	app.SetScreen(ls)
	app.EnablePaste(true)
	return nil
}

// lineScreen lets the UI skip tview's full redraw. tview clears and draws
// every pane after every key, a few milliseconds each: seconds for a long
// paste typed key by key. When keep is set, the next Clear keeps the
// screen as it is and the UI draws only the command line, or nothing yet.
type lineScreen struct {
	tcell.Screen
	keep     bool // set by the UI for the next draw only
	skipShow bool // the next Show has nothing new to show
	inited   bool
}

// Init initializes the screen once: tview's SetScreen initializes it
// again, and Run must see the first one's error.
func (s *lineScreen) Init() error {
	if s.inited {
		return nil
	}
	s.inited = true
	return s.Screen.Init()
}

// Clear clears the screen unless the UI asked to keep it.
func (s *lineScreen) Clear() {
	if !s.keep {
		s.Screen.Clear()
	}
}

// Show shows what was drawn, unless nothing was.
func (s *lineScreen) Show() {
	if s.skipShow {
		s.skipShow = false
		return
	}
	s.Screen.Show()
}

// lineInterval is how long the command line waits to show what was typed:
// keys arriving faster, as in a paste, are drawn together.
const lineInterval = 15 * time.Millisecond

// beforeDraw lets tview draw every pane, except after a key that only
// edited the command line: then the line alone is drawn, once for all the
// keys that arrive within lineInterval.
func (u *UI) beforeDraw(screen tcell.Screen) bool {
	ls, ok := screen.(*lineScreen)
	if !ok {
		return false
	}
	u.screen = ls
	if !ls.keep {
		u.fullDraws++
		return false
	}
	ls.keep = false
	if u.lineNow {
		u.lineNow = false
		u.cmd.Draw(screen)
		return true
	}
	ls.skipShow = true
	if !u.linePending {
		u.linePending = true
		time.AfterFunc(lineInterval, func() {
			u.app.QueueUpdateDraw(func() {
				u.linePending = false
				u.screen.keep, u.lineNow = true, true
			})
		})
	}
	return true
}

// keepScreen asks for the next draw to redraw only the command line.
func (u *UI) keepScreen() {
	if u.screen != nil {
		u.screen.keep = true
	}
}
