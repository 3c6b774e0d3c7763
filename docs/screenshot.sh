#!/usr/bin/env bash
# Regenerates docs/debugger.svg, the debugger's screenshot in README.md:
# runs `cpu32 debug programs/fib.asm` in a tmux server of its own (110x34),
# sets a breakpoint on loop, continues twice and steps twice, captures the
# pane with its colours and renders it with internal/ansisvg.
#   docs/screenshot.sh            (needs tmux and Go)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
sock="$tmp/tmux.sock"
trap 'tmux -S "$sock" kill-server 2>/dev/null || true; rm -rf "$tmp"' EXIT
go build -o "$tmp/cpu32" ./cmd/cpu32
tmux -S "$sock" -f /dev/null new-session -d -s shot -x 110 -y 34 \
  "env TERM=xterm-256color COLORTERM=truecolor $tmp/cpu32 debug programs/fib.asm"
# wait is until the pane shows text ($1), for at most ten seconds.
wait_for() {
  for _ in $(seq 100); do
    if tmux -S "$sock" capture-pane -p -t shot | grep -qF -- "$1"; then return; fi
    sleep 0.1
  done
  echo "screenshot.sh: the debugger never showed '$1'" >&2
  tmux -S "$sock" capture-pane -p -t shot >&2
  exit 1
}
keys() { tmux -S "$sock" send-keys -t shot "$@"; }
wait_for "? help"
keys : 'break loop' Enter
wait_for "breakpoint 1"
keys Escape
wait_for "? help"
keys c
wait_for "steps 3 "
keys c
wait_for "steps 14 "
keys s
wait_for "steps 15 "
keys s
wait_for "steps 16 "
sleep 0.3
tmux -S "$sock" capture-pane -e -p -t shot | go run ./internal/ansisvg > docs/debugger.svg.tmp
mv docs/debugger.svg.tmp docs/debugger.svg
echo "wrote docs/debugger.svg"
