// Validity (the Nu HTML Checker, run with the machine's Java) and the size budgets of the built
// site. No browser needed here.
'use strict';

const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { buildSite, siteFiles } = require('./harness');

const VNU = require.resolve('vnu-jar/build/dist/vnu.jar');
const KB = 1000;

let dir;
let files;
before(() => {
  dir = buildSite();
  files = siteFiles(dir);
});

// Runs vnu.jar; resolves to its messages (`--format json`). vnu exits 1 when it reports errors,
// which is not a failure to run.
function vnu(args) {
  return new Promise((resolve, reject) => {
    execFile('java', ['-jar', VNU, '--format', 'json', ...args], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      try {
        resolve(JSON.parse(stderr || stdout).messages);
      } catch {
        reject(err || new Error(`vnu gave no report: ${stderr}`));
      }
    });
  });
}

function report(messages) {
  return messages
    .map((m) => `${m.url?.replace(`file:${dir}`, '')}:${m.lastLine ?? '?'}:${m.lastColumn ?? '?'}: ${m.type}: ${m.message}`)
    .join('\n');
}

test('every HTML page (and the SVG icon) passes the Nu HTML Checker', async (t) => {
  const html = files.filter((f) => f.endsWith('.html'));
  assert.ok(html.length >= 90, `HTML pages found: ${html.length}`);
  const messages = await vnu(['--skip-non-html', '--also-check-svg', dir]);
  const errors = messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  const warnings = messages.filter((m) => m.type !== 'error' && m.type !== 'non-document-error');
  if (warnings.length) t.diagnostic(`vnu warnings:\n${report(warnings)}`);
  assert.deepEqual(errors, [], report(errors));
});

test('the stylesheets pass the Nu HTML Checker (CSS)', async () => {
  const css = files.filter((f) => f.endsWith('.css'));
  assert.ok(css.length >= 1, 'a stylesheet');
  const messages = await vnu(['--css', ...css.map((f) => path.join(dir, f))]);
  const errors = messages.filter((m) => m.type === 'error' || m.type === 'non-document-error');
  assert.deepEqual(errors, [], report(errors));
});

// The map page carries the whole inline SVG map; every other page stays small.
const MAP_PAGES = ['es/mapa/index.html', 'en/map/index.html'];

test('budgets: HTML pages ≤ 60 KB (map pages ≤ 200 KB), CSS ≤ 20 KB in all, each script ≤ 10 KB', () => {
  const size = (f) => fs.statSync(path.join(dir, f)).size;
  const over = [];
  for (const f of files.filter((f) => f.endsWith('.html'))) {
    const budget = MAP_PAGES.includes(f) ? 200 * KB : 60 * KB;
    if (size(f) > budget) over.push(`${f}: ${size(f)} bytes > ${budget}`);
  }
  for (const f of MAP_PAGES) assert.ok(files.includes(f), `${f} exists`);
  const css = files.filter((f) => f.endsWith('.css'));
  const cssTotal = css.reduce((sum, f) => sum + size(f), 0);
  if (cssTotal > 20 * KB) over.push(`CSS: ${cssTotal} bytes in all > ${20 * KB}`);
  for (const f of files.filter((f) => f.endsWith('.js'))) {
    if (size(f) > 10 * KB) over.push(`${f}: ${size(f)} bytes > ${10 * KB}`);
  }
  assert.deepEqual(over, []);
});

test('no web fonts: no font files in the output and no @font-face in the CSS', () => {
  assert.deepEqual(files.filter((f) => /\.(woff2?|ttf|otf|eot)$/i.test(f)), []);
  for (const f of files.filter((f) => f.endsWith('.css') || f.endsWith('.html'))) {
    assert.ok(!/@font-face/i.test(fs.readFileSync(path.join(dir, f), 'utf8')), `${f} declares @font-face`);
  }
});
