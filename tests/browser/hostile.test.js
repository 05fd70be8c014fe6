// Content that tries to run code: `<script>`, `"><img onerror>` and `</script>` put into every kind
// of field (titles, summaries, bodies, people, sources, quotes, advisory issuers and notes, page
// front matter). The site built from it is opened page by page in Chromium: no dialog may open
// and no injected element may exist.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO, pageUrls, serve, launch, watch } = require('./harness');

const A = '<script>alert(1)</script>';
const B = '\\"><img src=x onerror=alert(2)>';
const C = '</script><script>alert(3)</script>';

function hostileProject() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puente-hostile-'));
  for (const part of ['site.toml', 'templates', 'i18n', 'static', 'archetypes', 'content/geo', 'content/pages']) {
    fs.cpSync(path.join(REPO, part), path.join(dir, part), { recursive: true });
  }
  fs.mkdirSync(path.join(dir, 'content/events'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'content/advisories'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'content/events/2025-03-01-hostil.toml'),
    `date = 2025-03-01\nkind = "call"\npeople = ["${A}", "${B}"]\nstates = ["MX-JAL"]\n` +
      `[[sources]]\ntitle = "${C}"\npublisher = "${B}"\nurl = "https://example.org/?q=${B}"\n` +
      `[[quotes]]\nby = "${A}"\nlang = "es"\ntext = "${C}"\ntranslation.en = "${B}"\n` +
      `[es]\ntitle = "${A} ${B}"\nslug = "hostil"\nsummary = "${C} ${B}"\nbody = "${A} ${B} ${C}"\n` +
      `[en]\ntitle = "${C}"\nslug = "hostile"\nsummary = "${A}"\nbody = "${B}"\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'content/advisories/2025-03-01.toml'),
    `date = 2025-03-01\n[es]\nissuer = "${A}"\nsummary = "${B}"\n[en]\nissuer = "${C}"\nsummary = "${A}"\n` +
      `[[states]]\ncode = "MX-JAL"\nlevel = "caution"\nnote.es = "${B}"\nnote.en = "${C}"\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'content/pages/hostil.es.md'),
    `+++\ntitle = "${A}"\nslug = "hostil"\ndescription = "${B}"\nupdated = 2025-01-01\n+++\n${A}\n\n[x](${B})\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'content/pages/hostil.en.md'),
    `+++\ntitle = "${C}"\nslug = "hostile"\ndescription = "${A}"\nupdated = 2025-01-01\n+++\n${C}\n`,
  );
  const out = path.join(dir, 'public');
  execFileSync('cargo', ['run', '--release', '--quiet', '--', 'build', '--quiet', '--root', dir, '--output-dir', out], {
    cwd: REPO,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return { dir, out };
}

test('injected markup never runs, on any page', { timeout: 300_000 }, async () => {
  const { dir, out } = hostileProject();
  const server = await serve(out);
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(`${page.url()}: ${dialog.message()}`);
      await dialog.dismiss();
    });
    const problems = watch(page, server.origin);
    const urls = pageUrls(out);
    assert.ok(urls.length > 80, `only ${urls.length} pages`);
    for (const url of urls) {
      await page.goto(server.origin + url, { waitUntil: 'load' });
      const injected = await page.evaluate(() => ({
        images: document.querySelectorAll('img').length,
        handlers: [...document.querySelectorAll('*')].flatMap((el) =>
          [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName} ${a.name}`),
        ),
        scripts: [...document.scripts]
          .filter((s) => s.type !== 'application/ld+json' && !/\/search\.[0-9a-f]+\.js$/.test(s.src))
          .map((s) => s.outerHTML.slice(0, 80)),
      }));
      assert.deepEqual(injected, { images: 0, handlers: [], scripts: [] }, url);
    }
    assert.deepEqual(dialogs, [], 'a dialog opened: injected code ran');
    const hostile = await page.goto(`${server.origin}/es/cronologia/hostil/`);
    assert.equal(hostile.status(), 200);
    assert.match(await page.textContent('h1'), /<script>alert\(1\)<\/script>/, 'the attack is shown as text');
    assert.deepEqual(problems.pageErrors, [], 'no uncaught errors');
    assert.deepEqual(problems.foreignRequests, [], 'no request to another host');
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
