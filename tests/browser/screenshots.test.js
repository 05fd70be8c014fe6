// Screenshots of the home, timeline, map, a state page and the open-data page in both languages,
// desktop (1280×800) and mobile (390×844), and the map page as it prints, to look at. They go to a temporary folder, or to `SCREENSHOTS=DIR` (relative
// to the repository). `SCREENSHOTS=docs/screenshots` refreshes only the pictures the README shows.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO, start, watch } = require('./harness');

const PAGES = {
  home: { es: '/es/', en: '/en/' },
  timeline: { es: '/es/cronologia/', en: '/en/timeline/' },
  map: { es: '/es/mapa/', en: '/en/map/' },
  state: { es: '/es/mapa/chiapas/', en: '/en/map/chiapas/' },
  data: { es: '/es/datos/', en: '/en/data/' },
};
const DEVICES = {
  desktop: { viewport: { width: 1280, height: 800 } },
  mobile: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true },
};
const DOCS = path.join(REPO, 'docs', 'screenshots');
// The pictures the README shows.
const DOCS_PICKS = [
  'es-home-desktop.png',
  'en-home-mobile.png',
  'es-map-mobile.png',
  'en-data-desktop.png',
  'es-map-desktop.png',
  'en-state-desktop.png',
  'en-map-print.png',
];

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

test('screenshots of the main page types, desktop and mobile, both languages', async (t) => {
  const out = process.env.SCREENSHOTS
    ? path.resolve(REPO, process.env.SCREENSHOTS)
    : fs.mkdtempSync(path.join(os.tmpdir(), 'puente-screenshots-'));
  fs.mkdirSync(out, { recursive: true });
  const docs = out === DOCS;
  const written = [];
  for (const [device, options] of Object.entries(DEVICES)) {
    const context = await env.browser.newContext(options);
    const page = await context.newPage();
    const problems = watch(page, env.origin);
    for (const [name, urls] of Object.entries(PAGES)) {
      for (const [lang, url] of Object.entries(urls)) {
        const file = `${lang}-${name}-${device}.png`;
        if (docs && !DOCS_PICKS.includes(file)) continue;
        await page.goto(env.origin + url);
        // On a desktop the map page opens with its source: show the map itself (a phone shows it
        // on the first screen).
        if (name === 'map' && device === 'desktop') {
          await page.locator('figure.map').evaluate((f) => f.scrollIntoView({ block: 'center' }));
        }
        const png = await page.screenshot({ path: path.join(out, file) });
        assert.equal(png.subarray(1, 4).toString(), 'PNG', file);
        assert.equal(png.readUInt32BE(16), options.viewport.width, `${file}: width`);
        written.push(file);
      }
    }
    await context.close();
    assert.deepEqual(problems.pageErrors, []);
  }
  // The map page as printed (A4's width less its margins), whole.
  {
    const context = await env.browser.newContext({ viewport: { width: 680, height: 960 } });
    const page = await context.newPage();
    await page.goto(env.origin + '/en/map/');
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(out, 'en-map-print.png'), fullPage: true });
    written.push('en-map-print.png');
    await context.close();
  }
  assert.equal(written.length, docs ? DOCS_PICKS.length : 21);
  if (docs) {
    const total = DOCS_PICKS.reduce((sum, f) => sum + fs.statSync(path.join(out, f)).size, 0);
    assert.ok(total < 1.5e6, `the README's screenshots weigh ${total} bytes`);
  }
  t.diagnostic(`screenshots: ${out}`);
});
