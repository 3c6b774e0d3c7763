// extension.js against a stand-in for the vscode module: F5 without a
// launch.json on any .asm file, and the error with its Open Settings
// button when cpu32 is not found.
'use strict';

const { test, beforeEach } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');

// The stand-in records what the extension asks of VS Code.
const vscode = {
  settings: {},
  editor: undefined,
  errors: [],
  choice: undefined,
  providers: {},
  factories: {},
  workspace: {
    workspaceFolders: undefined,
    getConfiguration: () => ({ get: (key) => vscode.settings[key] }),
    getWorkspaceFolder: () => undefined,
  },
  window: {
    get activeTextEditor() { return vscode.editor; },
    showErrorMessage: (msg, ...items) => {
      vscode.errors.push({ msg, items });
      return Promise.resolve(vscode.choice);
    },
  },
  commands: {
    registerCommand: () => ({}),
    executeCommand: (...args) => { vscode.commands.run.push(args); return Promise.resolve(); },
    run: [],
  },
  debug: {
    registerDebugAdapterDescriptorFactory: (type, f) => { vscode.factories[type] = f; return {}; },
    registerDebugConfigurationProvider: (type, p) => { vscode.providers[type] = p; return {}; },
    startDebugging: () => Promise.resolve(true),
  },
  DebugAdapterExecutable: class { constructor(command, args, options) { Object.assign(this, { command, args, options }); } },
};
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };
const extension = require('../extension');
extension.activate({ subscriptions: [] });
const provider = vscode.providers.cpu32;

const doc = (file, languageId) => ({ languageId, uri: { fsPath: file } });

beforeEach(() => {
  vscode.settings = {};
  vscode.errors = [];
  vscode.commands.run = [];
  vscode.choice = undefined;
});

test('F5 without a launch.json debugs the .asm file, whatever its language', () => {
  for (const [file, lang] of [['/p/fact.asm', 'cpu32-asm'], ['/p/FACT.ASM', 'asm'], ['/p/x.s', 'cpu32-asm']]) {
    vscode.editor = { document: doc(file, lang) };
    assert.deepStrictEqual(provider.resolveDebugConfiguration(undefined, {}), {
      type: 'cpu32', request: 'launch', name: 'Debug the current .asm file', program: '${file}', stopOnEntry: true,
    }, file);
  }
});

test('F5 in another file asks for a program', async () => {
  vscode.editor = { document: doc('/p/notes.txt', 'plaintext') };
  assert.strictEqual(await provider.resolveDebugConfiguration(undefined, {}), undefined);
  assert.deepStrictEqual(vscode.errors, [{ msg: 'cpu32: set "program" in the launch configuration', items: [] }]);
});

test('a missing binary: an error with Open Settings, which opens cpu32.path', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cpu32-ext-'));
  try {
    vscode.settings.path = path.join(home, 'no', 'cpu32');
    vscode.choice = 'Open Settings';
    assert.strictEqual(provider.resolveDebugConfigurationWithSubstitutedVariables(undefined, { program: 'x.asm' }), undefined);
    assert.strictEqual(vscode.errors.length, 1);
    assert.match(vscode.errors[0].msg, /^cpu32: cannot find the cpu32 binary: the setting cpu32.path is ".*no\/cpu32", and nothing runnable is at /);
    assert.deepStrictEqual(vscode.errors[0].items, ['Open Settings']);
    await new Promise(setImmediate);
    assert.deepStrictEqual(vscode.commands.run, [['workbench.action.openSettings', 'cpu32.path']]);
    assert.throws(() => vscode.factories.cpu32.createDebugAdapterDescriptor({}), /cpu32 binary was not found/);

    // Found: the adapter is `cpu32 dap` in the workspace folder.
    const bin = path.join(home, 'cpu32');
    fs.writeFileSync(bin, '#!/bin/sh\n', { mode: 0o755 });
    vscode.settings.path = '${workspaceFolder}/cpu32';
    const folder = { uri: { fsPath: home } };
    assert.deepStrictEqual(provider.resolveDebugConfigurationWithSubstitutedVariables(folder, { program: 'x.asm' }), { program: 'x.asm' });
    const exe = vscode.factories.cpu32.createDebugAdapterDescriptor({ workspaceFolder: folder });
    assert.deepStrictEqual({ ...exe }, { command: bin, args: ['dap'], options: { cwd: home } });
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});
