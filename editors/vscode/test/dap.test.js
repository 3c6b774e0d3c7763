// A whole debugging session of programs/fact.asm through `cpu32 dap`,
// driven by VS Code's own test client for debug adapters. The Go test in
// editors/vscode builds cpu32 and names it in CPU32_BIN.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const { DebugClient } = require('@vscode/debugadapter-testsupport');

const bin = process.env.CPU32_BIN;
const fact = path.resolve(__dirname, '../../../programs/fact.asm');

// nulls lists where a message holds null: the protocol's arrays must be
// [] when empty (a client iterates them), and a data breakpoint's dataId
// is the one place where it allows null.
function nulls(v, at = '', out = []) {
  if (v === null) {
    if (at !== 'body.dataId') {
      out.push(at);
    }
  } else if (Array.isArray(v)) {
    v.forEach((e, i) => nulls(e, `${at}[${i}]`, out));
  } else if (typeof v === 'object') {
    for (const k of Object.keys(v)) {
      nulls(v[k], at ? `${at}.${k}` : k, out);
    }
  }
  return out;
}

let dc;
const badMessages = [];

before(async () => {
  assert.ok(bin, 'CPU32_BIN names the cpu32 binary (go test ./editors/vscode sets it)');
  dc = new DebugClient(bin, 'dap', 'cpu32');
  dc.defaultTimeout = 10000;
  const dispatch = dc.dispatch.bind(dc);
  dc.dispatch = body => {
    const where = nulls(JSON.parse(body));
    if (where.length > 0) {
      badMessages.push(`null at ${where.join(', ')} in ${body}`);
    }
    dispatch(body);
  };
  await dc.start();
});

after(() => dc.stop());

test('a whole session of fact.asm', async () => {
  // hitBreakpoint initializes, launches, sets the breakpoint and waits
  // for the stop. Line 9 is `mov ebx, 1` in fact; fact(1) is the first
  // call.
  await dc.hitBreakpoint({ program: fact }, { path: fact, line: 9 });

  const threads = await dc.threadsRequest();
  assert.deepStrictEqual(threads.body.threads, [{ id: 1, name: 'cpu32' }]);
  const stack = await dc.stackTraceRequest({ threadId: 1 });
  assert.deepStrictEqual(stack.body.stackFrames.map(f => `${f.name}:${f.line}`), ['fact:9', '(main):27']);
  assert.strictEqual(stack.body.stackFrames[0].source.path, fact);

  const scopes = await dc.scopesRequest({ frameId: stack.body.stackFrames[0].id });
  assert.deepStrictEqual(scopes.body.scopes.map(s => s.name), ['Registers', 'Flags', 'Stack', 'Memory near esp']);
  const regs = await dc.variablesRequest({ variablesReference: scopes.body.scopes[0].variablesReference });
  const eax = regs.body.variables.find(v => v.name === 'eax');
  assert.strictEqual(eax.value, '1');
  const stackVars = await dc.variablesRequest({ variablesReference: scopes.body.scopes[2].variablesReference });
  assert.deepStrictEqual(stackVars.body.variables.map(v => v.name), ['[esp]', '[esp+1]', '[esp+2]', '[esp+3]']);

  // eip in the caller's frame is the caller's: its call.
  const callerEip = await dc.evaluateRequest({ expression: 'eip', context: 'watch', frameId: stack.body.stackFrames[1].id });
  assert.strictEqual(callerEip.body.result, stack.body.stackFrames[1].instructionPointerReference);

  // The disassembly around eip, as VS Code asks for it: rows outside the
  // code are invalid, and none has a negative address but -1, which VS
  // Code leaves out.
  const dis = await dc.disassembleRequest({ memoryReference: stack.body.stackFrames[0].instructionPointerReference, instructionOffset: -200, instructionCount: 400 });
  assert.strictEqual(dis.body.instructions.length, 400);
  let last = -1n;
  for (const row of dis.body.instructions) {
    const addr = BigInt(row.address);
    assert.strictEqual(row.presentationHint === 'invalid', !row.instructionBytes, JSON.stringify(row));
    if (addr !== -1n) {
      assert.ok(addr > last, `address ${row.address} after ${last}`);
      last = addr;
    } else {
      assert.strictEqual(last, -1n, 'address -1 only before the code');
      assert.strictEqual(row.presentationHint, 'invalid');
    }
  }
  assert.strictEqual(dis.body.instructions.at(-1).instruction, '(past the end of the code)');

  // An expression with no completion is [] (nvim-dap iterates it).
  const none = await dc.completionsRequest({ text: 'print zzz', column: 10 });
  assert.deepStrictEqual(none.body.targets, []);

  // Step over `mov ebx, 1`, then back.
  await Promise.all([dc.nextRequest({ threadId: 1 }), dc.assertStoppedLocation('step', { path: fact, line: 10 })]);
  let ebx = await dc.evaluateRequest({ expression: 'ebx', context: 'watch', frameId: 1 });
  assert.strictEqual(ebx.body.result, '1');
  await Promise.all([dc.stepBackRequest({ threadId: 1 }), dc.assertStoppedLocation('step', { path: fact, line: 9 })]);
  ebx = await dc.evaluateRequest({ expression: 'ebx', context: 'watch', frameId: 1 });
  assert.strictEqual(ebx.body.result, '0');

  // Without breakpoints the program prints 1! to 9! and ends with 0.
  await dc.setBreakpointsRequest({ source: { path: fact }, breakpoints: [] });
  const exited = dc.waitForEvent('exited');
  await Promise.all([
    dc.continueRequest({ threadId: 1 }),
    dc.assertOutput('stdout', '1\n2\n6\n24\n120\n720\n5040\n40320\n362880\n'),
    dc.waitForEvent('terminated'),
  ]);
  assert.strictEqual((await exited).body.exitCode, 0);
  assert.deepStrictEqual(badMessages, []);
});
