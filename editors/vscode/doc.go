// Package vscode holds the VS Code extension for cpu32 (package.json, the
// TextMate grammar for cpu32-asm, the launch configuration for `cpu32 dap`)
// and the Go code that generates its grammar from the opcode table, so that
// an instruction added to isa/ reaches the editor by running
// `go test ./editors/vscode -update`.
package vscode
