// The editor's desk of `puente serve`, in a browser: a copy of the basic fixture is served, its
// translations reviewed; the Spanish summary of an event is edited on disk, the desk reloads by
// itself and shows the translation as stale with the changed words marked; "Marcar como revisada"
// clears it and writes only the fingerprint line. The desk passes axe and the Nu HTML Checker.
// `PUENTE_BIN=target/debug/puente` uses a binary built beforehand (default: a release build).
// `SCREENSHOTS=docs/screenshots` refreshes the editor's guide's picture of the desk.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, execFile, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO, launch, watch, axe, describeViolations } = require('./harness');

const CALL = 'content/events/2025-01-15-segundo.toml';

// The puente binary: PUENTE_BIN, or a release build.
function puenteBinary() {
  if (process.env.PUENTE_BIN) return path.resolve(REPO, process.env.PUENTE_BIN);
  execFileSync('cargo', ['build', '--release', '--quiet'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
  return path.join(REPO, 'target', 'release', 'puente');
}

// The basic fixture laid over the real theme in a temporary folder (as tests/common/mod.rs does).
function fixtureCopy() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'puente-desk-'));
  for (const shared of ['templates', 'i18n', 'static', 'content/geo', 'archetypes']) {
    fs.cpSync(path.join(REPO, shared), path.join(root, shared), { recursive: true });
  }
  fs.cpSync(path.join(REPO, 'tests', 'fixtures', 'basic'), root, { recursive: true });
  return root;
}

// Starts `puente serve` on a free port; resolves to { origin, stop }.
function startServe(bin, root) {
  const child = spawn(bin, ['serve', '--port', '0', '--root', root], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${seen}`)), 60000);
    child.stderr.on('data', (chunk) => {
      seen += chunk;
      const match = /listening on 127\.0\.0\.1:(\d+)\)/.exec(seen);
      if (match && timer) {
        clearTimeout(timer);
        resolve({ origin: `http://127.0.0.1:${match[1]}`, stop: () => child.kill() });
      }
    });
    child.on('error', reject);
  });
}

let env;
before(async () => {
  const bin = puenteBinary();
  const root = fixtureCopy();
  execFileSync(bin, ['check', '--fix-fingerprints', '--root', root], { stdio: 'ignore' });
  const server = await startServe(bin, root);
  const browser = await launch();
  env = { bin, root, server, browser };
});
after(async () => {
  await env?.browser.close();
  env?.server.stop();
  if (env) fs.rmSync(env.root, { recursive: true, force: true });
});

// Runs the Nu HTML Checker on one HTML text; resolves to its errors.
function vnuErrors(html) {
  const file = path.join(env.root, 'desk-copy.html');
  fs.writeFileSync(file, html);
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  return new Promise((resolve, reject) => {
    execFile('java', ['-jar', jar, '--format', 'json', file], (err, stdout, stderr) => {
      fs.rmSync(file);
      try {
        const messages = JSON.parse(stderr || stdout).messages;
        resolve(messages.filter((m) => m.type === 'error' || m.type === 'non-document-error'));
      } catch {
        reject(err || new Error(`vnu gave no report: ${stderr}`));
      }
    });
  });
}

test('an edited Spanish summary turns stale on the desk with its words marked, and marking it clears it', async () => {
  const { origin } = env.server;
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page, origin);

  // The badge on a page leads to the desk in the page's language.
  await page.goto(`${origin}/es/`);
  const badge = page.locator('#puente-desk-badge a');
  assert.equal(await badge.textContent(), 'Mesa de edición');
  await badge.click();
  await page.waitForURL(`${origin}/__puente/es/`);
  assert.equal(await page.locator('#translations article').count(), 0, 'all reviewed at first');

  // An editor changes the Spanish summary; the desk reloads by itself (server-sent events).
  const file = path.join(env.root, CALL);
  const before = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, before.replace('summary = "Una llamada."', 'summary = "Una llamada larga sobre seguridad."'));
  const article = page.locator('#translations article');
  await article.first().waitFor({ timeout: 30000 });
  assert.equal(await article.count(), 1);
  assert.equal(await article.locator('h3').textContent(), 'Llamada de enero — traducción al inglés');
  const added = await article.locator('dd.diff ins').allTextContents();
  assert.deepEqual(added, ['[añadido:  larga sobre seguridad fin del cambio]']);
  // The marked words are visibly marked: underlined and in another colour than the text.
  const style = await article.locator('dd.diff ins').first().evaluate((el) => {
    const s = getComputedStyle(el);
    return { line: s.textDecorationLine, background: s.backgroundColor };
  });
  assert.equal(style.line, 'underline');
  assert.notEqual(style.background, 'rgba(0, 0, 0, 0)');
  assert.match(await article.locator('td[lang="es"]').nth(1).textContent(), /larga sobre seguridad/);

  const violations = await axe(page);
  assert.deepEqual(violations, [], describeViolations(violations));
  const html = await (await page.request.get(`${origin}/__puente/es/`)).text();
  const errors = await vnuErrors(html);
  assert.deepEqual(errors, [], errors.map((m) => `${m.lastLine}:${m.lastColumn}: ${m.message}`).join('\n'));

  if (process.env.SCREENSHOTS) {
    const out = path.resolve(REPO, process.env.SCREENSHOTS);
    fs.mkdirSync(out, { recursive: true });
    await page.screenshot({ path: path.join(out, 'desk-es-desktop.png'), fullPage: true });
  }

  // "Mark as reviewed": a plain form POST, then the desk again, with the item gone.
  // (The rebuild that the write causes reloads the desk once more: wait for the result, not a URL.)
  await article.locator('button').click();
  await page.locator('#translations p.nothing').waitFor({ timeout: 30000 });
  assert.match(page.url(), /\/__puente\/es\/(#translations)?$/);
  assert.match(await page.locator('.notice').textContent(), /Revisión registrada en: content\/events\/2025-01-15-segundo\.toml/);
  const after = fs.readFileSync(file, 'utf8');
  const changed = after.split('\n').filter((line, i) => line !== before.replace('Una llamada.', 'Una llamada larga sobre seguridad.').split('\n')[i]);
  assert.equal(changed.length, 1, `only the fingerprint line changed: ${changed}`);
  assert.match(changed[0], /^source_fingerprint = "[0-9a-f]{16}"$/);
  assert.ok(fs.existsSync(path.join(env.root, 'reviews/events/2025-01-15-segundo.en.toml')));

  // The write's rebuild reloads the desk (live reload) a moment later: let that reload happen
  // before navigating, or it aborts the navigation (it may already have happened: then the wait
  // just ends).
  await page.waitForEvent('load', { timeout: 5000 }).catch(() => {});

  // The English desk, and a served page with its badge, pass axe too.
  for (const url of ['/__puente/en/', '/es/']) {
    await page.goto(origin + url);
    const found = await axe(page);
    assert.deepEqual(found, [], `${url}: ${describeViolations(found)}`);
  }
  assert.equal(await page.locator('#puente-desk-badge a').getAttribute('href'), '/__puente/es/');

  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.foreignRequests, []);
  await context.close();
});
