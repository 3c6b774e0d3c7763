// Packages the extension as `npx @vscode/vsce package` does, and checks
// what the .vsix holds: the manifest, the extension's code, the grammar
// and the README (the page VS Code shows), as they are in the folder; and
// not the tests, their tools or the Go code.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { createVSIX } = require('@vscode/vsce');

const root = path.resolve(__dirname, '..');

// unzip returns a zip file's entries, name to content, from its central
// directory (a .vsix is a zip file).
function unzip(file) {
  const b = fs.readFileSync(file);
  let end = b.length - 22;
  while (end >= 0 && b.readUInt32LE(end) !== 0x06054b50) {
    end--;
  }
  assert.ok(end >= 0, `${file} is not a zip file`);
  const entries = new Map();
  let at = b.readUInt32LE(end + 16);
  for (let n = b.readUInt16LE(end + 10); n > 0; n--) {
    assert.strictEqual(b.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const method = b.readUInt16LE(at + 10);
    const size = b.readUInt32LE(at + 20);
    const nameLen = b.readUInt16LE(at + 28);
    const skip = nameLen + b.readUInt16LE(at + 30) + b.readUInt16LE(at + 32);
    const local = b.readUInt32LE(at + 42);
    const name = b.toString('utf8', at + 46, at + 46 + nameLen);
    const start = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    const data = b.subarray(start, start + size);
    entries.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    at += 46 + skip;
  }
  return entries;
}

test('the .vsix holds the grammar and the README', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpu32-vsix-'));
  try {
    const vsix = path.join(dir, 'cpu32.vsix');
    await createVSIX({ cwd: root, packagePath: vsix, dependencies: false, allowMissingRepository: true });
    const entries = unzip(vsix);
    const same = (file) => {
      assert.ok(entries.has('extension/' + file), `the .vsix has no ${file}: it has ${[...entries.keys()].join(', ')}`);
      assert.ok(entries.get('extension/' + file).equals(fs.readFileSync(path.join(root, file))), `${file} differs in the .vsix`);
    };
    for (const f of ['package.json', 'extension.js', 'findcpu32.js', 'syntaxes/cpu32-asm.tmLanguage.json',
      'language-configuration.json', 'images/icon.png']) {
      same(f);
    }
    // vsce keeps the README and the LICENSE under their names, rewriting
    // nothing in a README without relative links.
    assert.strictEqual(entries.get('extension/readme.md').toString(), fs.readFileSync(path.join(root, 'README.md'), 'utf8'));
    assert.ok(entries.has('extension/LICENSE.txt') || entries.has('extension/license.txt') || entries.has('extension/LICENSE'),
      'the .vsix has the LICENSE');
    const manifest = entries.get('extension.vsixmanifest').toString();
    assert.match(manifest, /<Identity [^>]*Id="cpu32"/);
    assert.match(manifest, /Microsoft\.VisualStudio\.Services\.Icons\.Default" Path="extension\/images\/icon\.png"/);
    for (const name of entries.keys()) {
      assert.doesNotMatch(name, /node_modules|\/test\/|\.go$|package-lock/, `the .vsix should not hold ${name}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// What the manifest says about the extension is true: its license is the
// LICENSE beside it, and no field points at an address made up to fill it
// (a repository at example.invalid once did); cpu32 has no public
// repository, so the manifest names none.
test('package.json names its LICENSE and no made-up address', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const license = fs.readFileSync(path.join(root, 'LICENSE'), 'utf8');
  assert.strictEqual(license.split('\n')[0], `${pkg.license} License`, 'the license field names the LICENSE file\'s license');
  const made = /\bexample\.(invalid|com|org|net)\b|\.invalid\b|\b(TODO|FIXME|XXX)\b|your-?name|<[a-z-]+>/i;
  const walk = (v, where) => {
    if (typeof v === 'string') {
      assert.doesNotMatch(v, made, `package.json's ${where} is a placeholder: ${v}`);
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        walk(x, where ? `${where}.${k}` : k);
      }
    }
  };
  walk(pkg, '');
  assert.strictEqual(pkg.repository, undefined, 'no repository: cpu32 has no public address');
});
