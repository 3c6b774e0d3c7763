// Where the extension looks for the cpu32 binary (findcpu32.js), in a
// temporary home with fake binaries.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { find, expand, notFound } = require('../findcpu32');

// sandbox makes a home with the given runnable files (paths under it) and
// returns find's environment there: no PATH, GOBIN or GOPATH, and a go
// that says GOPATH is goPath.
function sandbox(t, files, goPath = '') {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cpu32-find-'));
  t.after(() => fs.rmSync(home, { recursive: true, force: true }));
  for (const f of files) {
    const p = path.join(home, f);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, '#!/bin/sh\n', { mode: 0o755 });
  }
  return { home, vars: {}, goEnvGOPATH: () => (goPath ? path.join(home, goPath) : '') };
}

test('expand: ~ and ${workspaceFolder}', () => {
  const env = { home: '/h', workspaceFolder: '/w', vars: { TOOLS: '/t' } };
  assert.strictEqual(expand('~/go/bin/cpu32', env), '/h/go/bin/cpu32');
  assert.strictEqual(expand('~', env), '/h');
  assert.strictEqual(expand('a~/b', env), 'a~/b');
  assert.strictEqual(expand('${workspaceFolder}/bin/cpu32', env), '/w/bin/cpu32');
  assert.strictEqual(expand('${userHome}/x:${env:TOOLS}/cpu32', env), '/h/x:/t/cpu32');
  assert.strictEqual(expand('${workspaceFolder}/cpu32', { ...env, workspaceFolder: undefined }), '${workspaceFolder}/cpu32');
});

test('a path in the setting is that file', (t) => {
  const env = sandbox(t, ['bin/cpu32', 'ws/tools/cpu32']);
  assert.deepStrictEqual(find('~/bin/cpu32', env), { path: path.join(env.home, 'bin/cpu32') });
  const ws = { ...env, workspaceFolder: path.join(env.home, 'ws') };
  assert.deepStrictEqual(find('${workspaceFolder}/tools/cpu32', ws), { path: path.join(env.home, 'ws/tools/cpu32') });
  assert.deepStrictEqual(find('./tools/cpu32', ws), { path: path.join(env.home, 'ws/tools/cpu32') });
  assert.deepStrictEqual(find('~/nothing/cpu32', env), { looked: [path.join(env.home, 'nothing/cpu32')] });
});

test('a bare name: PATH, then $GOBIN, then $(go env GOPATH)/bin, then ~/go/bin', (t) => {
  const env = sandbox(t, ['p/cpu32', 'gobin/cpu32', 'gp/bin/cpu32', 'go/bin/cpu32', 'notexec/cpu32'], 'gp');
  fs.chmodSync(path.join(env.home, 'notexec/cpu32'), 0o644);
  const at = (d) => ({ path: path.join(env.home, d, 'cpu32') });
  assert.deepStrictEqual(find('cpu32', { ...env, vars: { PATH: [path.join(env.home, 'notexec'), path.join(env.home, 'p')].join(path.delimiter) } }), at('p'));
  assert.deepStrictEqual(find('cpu32', { ...env, vars: { GOBIN: path.join(env.home, 'gobin') } }), at('gobin'));
  assert.deepStrictEqual(find('', env), at('gp/bin'));
  assert.deepStrictEqual(find('cpu32', { ...env, vars: { GOPATH: path.join(env.home, 'go') } }), at('go/bin'));
  assert.deepStrictEqual(find('cpu32', { ...env, goEnvGOPATH: () => '' }), at('go/bin'), 'without go, the default GOPATH');
});

test('not found: where it looked, and what to do', (t) => {
  const env = sandbox(t, [], 'gp');
  const r = find('cpu32', env);
  assert.deepStrictEqual(r, { looked: ['PATH', path.join(env.home, 'gp/bin/cpu32')] });
  assert.strictEqual(notFound('cpu32', r.looked),
    `cpu32: cannot find the cpu32 binary: the setting cpu32.path is "cpu32", and nothing runnable is on PATH and at ${path.join(env.home, 'gp/bin/cpu32')}. ` +
    'Install it with `go install ./cmd/cpu32` in the cpu32 repository, or set cpu32.path to its full path.');
  assert.strictEqual(notFound('~/x', ['/h/x']),
    'cpu32: cannot find the cpu32 binary: the setting cpu32.path is "~/x", and nothing runnable is at /h/x. ' +
    'Install it with `go install ./cmd/cpu32` in the cpu32 repository, or set cpu32.path to its full path.');
});
