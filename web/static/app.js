// The playground page: an editor, the debugger's buttons and panes. The
// engine runs in worker.js; this file sends it requests (web/engine's
// Request) and draws its replies.
"use strict";

const $ = (id) => document.getElementById(id);
const src = $("source"), gutter = $("gutter"), backdrop = $("backdrop");
const worker = new Worker("worker.js");

let nextID = 1;
const pending = new Map(); // request id -> resolve
let busy = false;          // a run is going on: only Pause works
let state = null;          // the last reply's state
let diagnostics = [];      // the last check's
let examples = [];

worker.onmessage = (ev) => {
  const msg = JSON.parse(ev.data);
  if (msg.ready) { started(); return; }
  if (msg.fatal) { setStatus("the engine failed to start: " + msg.fatal); return; }
  if (msg.progress) { progress(msg.progress); return; }
  const resolve = pending.get(msg.id);
  pending.delete(msg.id);
  if (resolve) resolve(msg);
};

// request sends one request to the engine and resolves with its reply.
function request(cmd, fields) {
  const id = nextID++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    worker.postMessage(JSON.stringify(Object.assign({ id, cmd }, fields)));
  });
}

function setStatus(text) { $("status").textContent = text; }

// ---- the editor: a textarea over a backdrop that marks lines, beside a gutter

function lineCount() { return src.value.split("\n").length; }

// layout sizes the textarea to its text (the pane scrolls, not the
// textarea) and redraws the gutter and the line marks.
function layout() {
  src.style.height = "auto";
  src.style.height = src.scrollHeight + "px";
  src.style.width = "auto";
  const n = lineCount();
  if (gutter.children.length !== n) {
    gutter.textContent = "";
    backdrop.textContent = "";
    for (let i = 1; i <= n; i++) {
      const d = document.createElement("div");
      d.textContent = i;
      d.dataset.line = i;
      d.setAttribute("role", "button");
      gutter.appendChild(d);
      backdrop.appendChild(document.createElement("div"));
    }
  }
  marks();
}

// marks shows breakpoints, the current line and the problems on their lines.
function marks() {
  const bps = new Set(state ? state.breakpoints : pendingBreaks);
  const byLine = new Map();
  for (const d of diagnostics) {
    const prev = byLine.get(d.line);
    if (!prev || prev.warning) byLine.set(d.line, d);
  }
  const cur = state && state.loaded && !edited ? state.line : 0;
  for (let i = 0; i < gutter.children.length; i++) {
    const line = i + 1, g = gutter.children[i], b = backdrop.children[i];
    const d = byLine.get(line);
    const kind = d ? (d.warning ? "warning" : "error") : "";
    g.className = [bps.has(line) ? "bp" : "", line === cur ? "current" : "", kind].join(" ").trim();
    b.className = line === cur ? "current" : kind;
    g.title = d ? `${line}:${d.col}: ${d.warning ? "warning: " : ""}${d.msg}` : "";
    let label = `line ${line}` + (bps.has(line) ? ", breakpoint" : "") + (line === cur ? ", current line" : "");
    if (d) label += `, ${kind}: ${d.msg}`;
    g.setAttribute("aria-label", label);
    g.setAttribute("aria-pressed", bps.has(line) ? "true" : "false");
  }
}

// problems lists the diagnostics below the editor.
function problems() {
  const ul = $("problems");
  ul.textContent = "";
  for (const d of diagnostics) {
    const li = document.createElement("li");
    li.className = d.warning ? "warning" : "error";
    li.textContent = `${d.line}:${d.col}: ${d.warning ? "warning: " : ""}${d.msg}`;
    li.onclick = () => goToLine(d.line, d.col);
    ul.appendChild(li);
  }
  marks();
}

function goToLine(line, col) {
  const lines = src.value.split("\n");
  let off = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) off += lines[i].length + 1;
  off += Math.max(0, (col || 1) - 1);
  src.focus();
  src.setSelectionRange(off, off);
}

let checkTimer = 0;
let edited = false; // the text differs from what the engine ran: no current line
src.addEventListener("input", () => {
  edited = true;
  layout();
  clearTimeout(checkTimer);
  checkTimer = setTimeout(check, 250);
});
src.addEventListener("keydown", (ev) => {
  if (ev.key === "Tab" && !ev.ctrlKey && !ev.altKey && !ev.metaKey) {
    ev.preventDefault();
    document.execCommand("insertText", false, "\t");
  }
});

async function check() {
  const rep = await request("check", { source: src.value });
  diagnostics = rep.diagnostics || [];
  problems();
}

// Breakpoints set before anything is loaded wait here.
let pendingBreaks = [];
gutter.addEventListener("click", (ev) => {
  const line = Number(ev.target.dataset.line);
  if (line) toggleBreak(line);
});

async function toggleBreak(line) {
  if (busy) return;
  const rep = await request("toggleBreak", { line, source: src.value });
  if (rep.state) { show(rep); return; }
  // The program does not assemble: the engine keeps the line for later.
  const i = pendingBreaks.indexOf(line);
  if (i >= 0) pendingBreaks.splice(i, 1); else pendingBreaks.push(line);
  diagnostics = rep.diagnostics || diagnostics;
  problems();
}

// ---- running

const runButtons = ["run", "step", "next", "finish", "stepBack", "continue", "reverseContinue", "restart"];

function setBusy(b) {
  busy = b;
  for (const id of runButtons) $(id).disabled = b;
  $("pause").disabled = !b;
}

// command runs one of the debugger's commands on the editor's text.
async function command(cmd, fields) {
  if (busy) return;
  setBusy(true);
  setStatus("running…");
  const rep = await request(cmd, Object.assign({ source: src.value }, fields));
  setBusy(false);
  show(rep);
  return rep;
}

function show(rep) {
  if (rep.diagnostics) { diagnostics = rep.diagnostics; problems(); }
  if (rep.state) {
    state = rep.state;
    edited = false;
    pendingBreaks = [];
  }
  let text = rep.error || rep.message || "";
  if (state && state.loaded) {
    const where = state.line ? `line ${state.line}` : "";
    text = [text, `${state.status}${where ? " at " + where : ""}, ${state.steps} steps`].filter(Boolean).join(" — ");
  }
  setStatus(text);
  if (state) panes();
  marks();
  scrollToCurrent();
}

function scrollToCurrent() {
  if (!state || !state.line) return;
  const row = gutter.children[state.line - 1];
  if (row) row.scrollIntoView({ block: "nearest" });
}

function progress(p) {
  if (!busy) return; // a late one, after the run's reply
  setStatus(`running… ${p.steps} steps (Esc pauses)`);
  setOutput(p.output);
}

function setOutput(text) {
  const out = $("output");
  if (out.textContent !== text) {
    out.textContent = text;
    out.scrollTop = out.scrollHeight;
  }
}

// ---- panes

function fmt(v) {
  return $("hex").checked ? "0x" + (v >>> 0).toString(16).padStart(8, "0") : String(v);
}

function cells(tr, ...texts) {
  for (const t of texts) {
    const td = document.createElement("td");
    td.textContent = t;
    tr.appendChild(td);
  }
}

function panes() {
  const regs = $("registers");
  regs.textContent = "";
  for (const r of state.registers || []) {
    const tr = document.createElement("tr");
    tr.setAttribute("aria-label", r.name);
    cells(tr, r.name, fmt(r.value));
    if (r.changed) tr.className = "changed";
    regs.appendChild(tr);
  }
  const flags = $("flags");
  flags.textContent = "";
  for (const f of state.flags || []) {
    const s = document.createElement("span");
    s.textContent = f.set ? f.name : f.name.toLowerCase();
    s.className = [f.set ? "set" : "", f.changed ? "changed" : ""].join(" ").trim();
    s.title = `${f.name} ${f.set ? "set" : "clear"}`;
    flags.appendChild(s);
  }
  const frames = $("frames");
  frames.textContent = "";
  for (const f of state.frames || []) {
    const li = document.createElement("li");
    li.textContent = f.line ? `${f.function} at line ${f.line}` : f.function;
    frames.appendChild(li);
  }
  const stack = $("stack");
  stack.textContent = "";
  for (const w of state.stack || []) {
    const tr = document.createElement("tr");
    cells(tr, String(w.addr), fmt(w.value));
    if (w.changed) tr.className = "changed";
    stack.appendChild(tr);
  }
  memoryPane();
  setOutput(state.output || "");
}

function memoryPane() {
  const mem = $("memory");
  mem.textContent = "";
  const f = $("memory-format").value;
  const words = state.memory || [];
  for (let i = 0; i < words.length; i += 8) {
    const tr = document.createElement("tr");
    cells(tr, String(words[i].addr) + ":");
    for (const w of words.slice(i, i + 8)) {
      let t = f === "hex" ? (w.value >>> 0).toString(16).padStart(8, "0") : String(w.value);
      if (f === "chr") t = w.value >= 32 && w.value < 0x110000 ? JSON.stringify(String.fromCodePoint(w.value)) : String(w.value);
      const td = document.createElement("td");
      td.textContent = t;
      if (w.changed) td.className = "changed";
      tr.appendChild(td);
    }
    mem.appendChild(tr);
  }
}

$("hex").addEventListener("change", () => state && panes());
$("memory-format").addEventListener("change", () => state && memoryPane());
$("memory-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  if (busy) return;
  show(await request("memory", { text: $("memory-at").value }));
});
$("memory-at").addEventListener("change", () => $("memory-form").requestSubmit());

$("input-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const text = $("input").value;
  $("input").value = "";
  command("input", { text, source: "" });
});
$("input").addEventListener("keydown", (ev) => {
  if (ev.key === "Enter" && !ev.shiftKey) { ev.preventDefault(); $("input-form").requestSubmit(); }
});

$("command-form").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const text = $("command").value;
  const rep = await command("exec", { text });
  if (rep) $("console").textContent = `(cpu32) ${text}\n${rep.error || rep.message || ""}`;
});

// ---- buttons and keys

for (const id of runButtons) $(id).addEventListener("click", () => command(id));
$("pause").addEventListener("click", pause);

function pause() { if (busy) worker.postMessage("pause"); }

// keys maps a key, as keyName writes it, to its button: the terminal
// debugger's F-keys.
const keys = {
  "F11": "step", "F10": "next", "Shift+F11": "finish", "F8": "stepBack", "F5": "continue",
  "Shift+F8": "reverseContinue", "Control+Enter": "run", "Control+Shift+F5": "restart", "Escape": "pause",
};

function keyName(ev) {
  return (ev.ctrlKey || ev.metaKey ? "Control+" : "") + (ev.shiftKey ? "Shift+" : "") + ev.key;
}

document.addEventListener("keydown", (ev) => {
  const id = keys[keyName(ev)];
  if (!id) return;
  ev.preventDefault();
  if (id === "pause") pause(); else if (!$(id).disabled) $(id).click();
});

// ---- examples and sharing

$("examples").addEventListener("change", () => {
  const ex = examples.find((x) => x.name === $("examples").value);
  if (!ex) return;
  setSource(ex.source);
  $("input").value = (ex.input || "").trimEnd();
  load();
});

function setSource(text) {
  src.value = text;
  edited = true;
  state = null;
  layout();
}

async function load() {
  const rep = await request("load", { source: src.value });
  show(rep);
}

// The program travels in the fragment (#code=...), deflated and in
// base64url, so that no server sees it.
async function encode(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

async function decode(code) {
  const bin = atob(code.replace(/-/g, "+").replace(/_/g, "/"));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return await new Response(stream).text();
}

$("share").addEventListener("click", async () => {
  const url = location.href.split("#")[0] + "#code=" + (await encode(src.value));
  history.replaceState(null, "", url);
  $("share-box").hidden = false;
  $("share-url").value = url;
  $("share-url").select();
  try { await navigator.clipboard.writeText(url); setStatus("the link is copied"); } catch (e) { setStatus("copy the link below"); }
});

// The program to open: the link's, else `cpu32 web FILE`'s, else hello.
async function initialSource() {
  const m = location.hash.match(/^#code=([A-Za-z0-9_-]*)$/);
  if (m) {
    try { return await decode(m[1]); } catch (e) { setStatus("the link's program is damaged"); }
  }
  const r = await fetch("start.asm");
  if (r.ok) return await r.text();
  const hello = examples.find((x) => x.name === "hello");
  return hello ? hello.source : "";
}

async function started() {
  examples = (await request("examples")).examples || [];
  const sel = $("examples");
  for (const ex of examples) {
    const o = document.createElement("option");
    o.value = o.textContent = ex.name;
    sel.appendChild(o);
  }
  setSource(await initialSource());
  await check();
  if (!diagnostics.some((d) => !d.warning)) await load(); else setStatus("ready");
  document.body.dataset.ready = "true";
}

layout();
