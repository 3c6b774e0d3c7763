// Finding the cpu32 binary that the debugger runs. An editor started from a
// dock or a menu often lacks the shell's PATH, and `go install` puts cpu32
// in $GOBIN or $(go env GOPATH)/bin, so a bare name is looked for there too.
// Plain Node.js, without the vscode module, so that the tests run it.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const cp = require('child_process');

const exe = process.platform === 'win32' ? '.exe' : '';

// expand replaces a leading ~ with the home folder and ${workspaceFolder}
// (also ${userHome} and ${env:NAME}) as VS Code does in launch.json.
function expand(value, env) {
  let v = value.trim();
  if (v === '~' || v.startsWith('~/') || v.startsWith('~\\')) {
    v = env.home + v.slice(1);
  }
  return v.replace(/\$\{(workspaceFolder|userHome|env:([^}]+))\}/g, (whole, name, envName) => {
    if (name === 'workspaceFolder') {
      return env.workspaceFolder === undefined ? whole : env.workspaceFolder;
    }
    if (name === 'userHome') {
      return env.home;
    }
    return env.vars[envName] || '';
  });
}

// isProgram reports whether p is a file that can be run.
function isProgram(p) {
  try {
    if (!fs.statSync(p).isFile()) {
      return false;
    }
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// goBinDirs are the folders `go install` writes to: $GOBIN, else the bin
// folder of each GOPATH entry, from `go env GOPATH` (which knows the
// default, ~/go) or, when go itself is not found, ~/go/bin.
function goBinDirs(env) {
  if (env.vars.GOBIN) {
    return [env.vars.GOBIN];
  }
  let gopath = env.vars.GOPATH;
  if (!gopath) {
    gopath = env.goEnvGOPATH();
  }
  if (!gopath) {
    gopath = path.join(env.home, 'go');
  }
  return gopath.split(path.delimiter).filter(Boolean).map(d => path.join(d, 'bin'));
}

// goEnvGOPATH asks go for GOPATH; "" when go is not there.
function goEnvGOPATH() {
  try {
    return cp.execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

// find returns the binary that the setting names, and where it looked:
// { path } when found, { looked: ['PATH', file, ...] } when not. A setting with a path in
// it is that file; a bare name (the default, cpu32) is looked for on PATH,
// then where `go install` puts it. env: { home, workspaceFolder, vars
// (the environment), goEnvGOPATH }; each has a default.
function find(setting, env = {}) {
  env = {
    home: os.homedir(),
    vars: process.env,
    goEnvGOPATH,
    ...env,
  };
  const name = expand(setting || 'cpu32', env);
  if (name.includes('/') || name.includes('\\')) {
    const p = path.resolve(env.workspaceFolder || '', name);
    for (const c of [p, p + exe]) {
      if (isProgram(c)) {
        return { path: c };
      }
    }
    return { looked: [p] };
  }
  const onPath = (env.vars.PATH || '').split(path.delimiter).filter(Boolean);
  const file = name + (name.endsWith(exe) ? '' : exe);
  for (const d of onPath) {
    if (isProgram(path.join(d, file))) {
      return { path: path.join(d, file) };
    }
  }
  const looked = [];
  for (const d of goBinDirs(env)) {
    const p = path.join(d, file);
    if (isProgram(p)) {
      return { path: p };
    }
    looked.push(p);
  }
  return { looked: ['PATH', ...looked] };
}

// notFound is the message when find found nothing.
function notFound(setting, looked) {
  const files = looked.filter(l => l !== 'PATH').join(', ');
  const where = looked[0] === 'PATH' ? `on PATH and at ${files}` : `at ${files}`;
  return `cpu32: cannot find the cpu32 binary: the setting cpu32.path is "${setting || 'cpu32'}", and nothing runnable is ${where}. ` +
    'Install it with `go install ./cmd/cpu32` in the cpu32 repository, or set cpu32.path to its full path.';
}

module.exports = { find, expand, notFound };
