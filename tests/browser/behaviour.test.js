// What a reader does: switch language, walk the map with the keyboard, search, read without
// JavaScript. And what no page may do: log errors, throw, or fetch anything from another host.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { PAGE_TYPES, start, pageUrls, watch } = require('./harness');

let env;
let urls; // every HTML page of the site
before(async () => {
  env = await start();
  urls = [...pageUrls(env.dir), '/no/such/page/'];
});
after(async () => {
  await env?.close();
});

// Pages whose document is served with status 404 log "Failed to load resource" for themselves;
// that is the server doing its job, not an error of the page.
function unexpectedConsoleErrors(problems) {
  return problems.consoleErrors.filter(
    (e) => !(e.startsWith(`${env.origin}/no/such/page/: `) && e.includes('status of 404')),
  );
}

function assertClean(problems) {
  assert.deepEqual(unexpectedConsoleErrors(problems), [], 'console errors');
  assert.deepEqual(problems.pageErrors, [], 'uncaught exceptions');
  assert.deepEqual(problems.foreignRequests, [], 'requests to another host');
  assert.deepEqual(problems.failedRequests, [], 'failed requests');
}

// Every page of the site, visited once with JavaScript and once without (a few pages at a time).
// Memoised: the tests below share one crawl.
let crawled = null;
function crawl() {
  crawled ??= (async () => {
    const visit = async (javaScriptEnabled) => {
      const context = await env.browser.newContext({ javaScriptEnabled });
      const pages = {};
      const problems = [];
      await forEachPage(context, urls, async (page, url) => {
        const response = await page.goto(env.origin + url);
        pages[url] = await page.evaluate(() => {
          const form = document.querySelector('form.site-search');
          return {
            // The text of <main> without its search forms: a search form is the one enhancement
            // JavaScript adds (the 404 page has one per language), hidden without it.
            main: (() => {
              const main = document.querySelector('main');
              const forms = [...main.querySelectorAll('form.site-search')];
              const shown = forms.map((f) => f.style.display);
              forms.forEach((f) => { f.style.display = 'none'; });
              const text = main.innerText;
              forms.forEach((f, i) => { f.style.display = shown[i]; });
              return text;
            })(),
            fonts: document.fonts.size, // @font-face rules: FontFaceSet lists exactly those
            switches: [...document.querySelectorAll('.language-switch a')].map((a) => a.getAttribute('href')),
            search: form ? !form.hidden && form.getClientRects().length > 0 : null,
            // fill="url(#…)" references to a pattern that is not in the page (an empty swatch).
            missingPatterns: [...document.querySelectorAll('[fill^="url(#"]')]
              .map((el) => el.getAttribute('fill').slice(5, -1))
              .filter((id) => !document.getElementById(id)),
          };
        });
        pages[url].status = response.status();
      }, (page) => problems.push(watch(page, env.origin)));
      await context.close();
      const merged = { consoleErrors: [], pageErrors: [], foreignRequests: [], failedRequests: [], requests: [] };
      for (const p of problems) for (const key of Object.keys(merged)) merged[key].push(...p[key]);
      return { pages, problems: merged };
    };
    const [js, noJs] = await Promise.all([visit(true), visit(false)]);
    return { js, noJs };
  })();
  return crawled;
}

// Runs `fn(page, url)` for every url on a few pages of `context` at once; `onPage(page)` is called
// once for each page opened.
async function forEachPage(context, list, fn, onPage, width = 3) {
  const queue = [...list];
  await Promise.all(
    Array.from({ length: width }, async () => {
      const page = await context.newPage();
      onPage?.(page);
      while (queue.length) await fn(page, queue.shift());
      await page.close();
    }),
  );
}

test('every page loads (200; 404 for an unknown path) without console errors, exceptions, failed or foreign requests', async () => {
  const { js, noJs } = await crawl();
  for (const url of urls) assert.equal(js.pages[url].status, url === '/no/such/page/' ? 404 : 200, url);
  assertClean(js.problems);
  assertClean(noJs.problems);
  assert.ok(js.problems.requests.length > urls.length, 'requests were recorded');
});

test('no page uses web fonts', async () => {
  const { js } = await crawl();
  const fontRequests = js.problems.requests.filter((u) => /\.(woff2?|ttf|otf|eot)(\?|$)/i.test(u));
  assert.deepEqual(fontRequests, [], 'font files requested');
  assert.deepEqual(urls.filter((u) => js.pages[u].fonts > 0), [], 'pages declaring @font-face');
});

test('on every page the language switch (if any) leads to a page that leads back', async () => {
  const { pages } = (await crawl()).noJs;
  const broken = [];
  let checked = 0;
  for (const url of urls.filter((u) => u !== '/no/such/page/')) {
    for (const href of pages[url].switches) {
      checked++;
      if (!pages[href] || href === '/no/such/page/') broken.push(`${url}: switch to ${href}, not a page`);
      else if (!pages[href].switches.includes(url)) broken.push(`${url}: switch to ${href}, which does not lead back`);
    }
  }
  assert.deepEqual(broken, []);
  // Every page but the language choice and the 404 page has a switch.
  assert.equal(checked, urls.length - 3);
});

test('without JavaScript every page shows all its content and the search box stays hidden', async () => {
  const { js, noJs } = await crawl();
  assert.deepEqual(
    urls.filter((u) => js.pages[u].main !== noJs.pages[u].main),
    [],
    'pages whose main content differs without JavaScript',
  );
  assert.deepEqual(urls.filter((u) => noJs.pages[u].search === true), [], 'search form shown without JavaScript');
  assert.deepEqual(
    urls.filter((u) => js.pages[u].search === false),
    [],
    'search form hidden with JavaScript (on pages that have one)',
  );
  assert.ok(
    noJs.problems.requests.every((u) => !u.endsWith('.js')),
    'no script is fetched with JavaScript disabled',
  );

  // What readers come for, checked without JavaScript.
  const context = await env.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const url of ['/es/mapa/', '/en/map/']) {
    await page.goto(env.origin + url);
    assert.equal(await page.locator('figure.map svg a[href]').count(), 32, `${url}: 32 state links`);
    assert.equal(await page.locator('table.states tbody tr').count(), 32, `${url}: 32 table rows`);
    assert.ok(await page.locator('figure.map svg').isVisible(), `${url}: map visible`);
  }
  for (const url of ['/es/cronologia/', '/en/timeline/']) {
    await page.goto(env.origin + url);
    const cards = page.locator('main .event-card');
    assert.equal(await cards.count(), 3, `${url}: 3 events`);
    for (const card of await cards.all()) assert.ok(await card.isVisible(), `${url}: event visible`);
  }
  await context.close();
});

test('every SVG pattern a page refers to is in the page (level swatches are filled)', async () => {
  const { pages } = (await crawl()).noJs;
  assert.deepEqual(
    urls.filter((u) => pages[u].missingPatterns.length).map((u) => `${u}: ${[...new Set(pages[u].missingPatterns)]}`),
    [],
  );
});

test('every element reached with Tab shows a focus outline', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const failures = [];
  let focused = 0;
  for (const url of ['/', '/es/', '/en/timeline/', '/es/cronologia/llamada-garcia-harfuch-anandasangaree/', '/en/map/chiapas/', '/es/avisos/2025-11-18/', '/en/about/', '/404.html']) {
    await page.goto(env.origin + url);
    const seen = new Set();
    for (let i = 0; i < 150; i++) {
      await page.keyboard.press('Tab');
      const el = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        const s = getComputedStyle(el);
        return {
          key: [...document.querySelectorAll('*')].indexOf(el),
          html: el.outerHTML.slice(0, 120),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
        };
      });
      if (!el || seen.has(el.key)) break; // back to the start of the page
      seen.add(el.key);
      focused++;
      if (!el.outline) failures.push(`${url}: ${el.html}`);
    }
  }
  await context.close();
  assert.ok(focused > 50, `elements focused: ${focused}`);
  assert.deepEqual(failures, []);
});

// Counterparts, both ways. The switch is a link in `.language-switch`; following it must land on
// the other language's version of the same page, whose own switch leads back.
const COUNTERPARTS = [
  ['/es/', '/en/'],
  ['/es/cronologia/', '/en/timeline/'],
  ['/es/cronologia/llamada/', '/en/timeline/call/'],
  ['/es/cronologia/2025/', '/en/timeline/2025/'],
  ['/es/cronologia/llamada-garcia-harfuch-anandasangaree/', '/en/timeline/garcia-harfuch-anandasangaree-call/'],
  ['/es/mapa/', '/en/map/'],
  ['/es/mapa/chiapas/', '/en/map/chiapas/'],
  ['/es/mapa/ciudad-de-mexico/', '/en/map/mexico-city/'],
  ['/es/avisos/2025-11-18/', '/en/advisories/2025-11-18/'],
  ['/es/acerca/', '/en/about/'],
];

test('the language switch lands on the counterpart page, whose switch points back', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const problems = watch(page, env.origin);
  for (const [es, en] of COUNTERPARTS) {
    for (const [from, to, toLang] of [
      [es, en, 'en'],
      [en, es, 'es'],
    ]) {
      await page.goto(env.origin + from);
      const link = page.locator('.language-switch a');
      assert.equal(await link.count(), 1, `${from}: one language switch link`);
      assert.equal(await link.getAttribute('hreflang'), toLang, `${from}: switch hreflang`);
      assert.equal(await link.getAttribute('lang'), toLang, `${from}: switch lang`);
      await Promise.all([page.waitForURL(env.origin + to), link.click()]);
      assert.equal(await page.getAttribute('html', 'lang'), toLang, `${from} -> ${to}: html lang`);
      assert.equal(await page.locator('.language-switch a').getAttribute('href'), from, `${to}: switch back`);
    }
  }
  await context.close();
  assertClean(problems);
});

// How much a map state's look changes when it takes focus. `before` and `after` are screenshots of
// `clip`, the shape's bounding box in whole pixels (unfocused, focused); counts the pixels inside the shape, and those of
// them whose colours contrast at least 3:1 between the two (WCAG 1.4.11: a focus indicator is
// non-text content that must stand out from what it replaces).
async function focusChange(page, index, clip, before, after) {
  return page.evaluate(
    async ([index, clip, a, b]) => {
      // Decoded from bytes, not fetched: the site's Content-Security-Policy allows no data: URLs.
      const decode = (b64) =>
        createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' }));
      const [ia, ib] = await Promise.all([decode(a), decode(b)]);
      const pixels = (img) => {
        const canvas = new OffscreenCanvas(img.width, img.height);
        const ctx = canvas.getContext('2d');
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, img.width, img.height).data;
      };
      const channel = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      const luminance = (d, i) => 0.2126 * channel(d[i]) + 0.7152 * channel(d[i + 1]) + 0.0722 * channel(d[i + 2]);
      const [pa, pb] = [pixels(ia), pixels(ib)];
      const path = document.querySelectorAll('figure.map svg a path')[index];
      const toShape = path.getScreenCTM().inverse();
      const point = path.ownerSVGElement.createSVGPoint();
      let inside = 0;
      let contrasting = 0;
      for (let y = 0; y < ia.height; y++) {
        for (let x = 0; x < ia.width; x++) {
          point.x = clip.x + x + 0.5;
          point.y = clip.y + y + 0.5;
          if (!path.isPointInFill(point.matrixTransform(toShape))) continue;
          inside++;
          const i = (y * ia.width + x) * 4;
          const [la, lb] = [luminance(pa, i), luminance(pb, i)];
          if ((Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05) >= 3) contrasting++;
        }
      }
      return { inside, contrasting };
    },
    [index, clip, before.toString('base64'), after.toString('base64')],
  );
}

const MAPS = { es: '/es/mapa/', en: '/en/map/' };

// The map's state links, each with what it should say: its name and level as the table beside the
// map gives them.
async function mapStates(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('figure.map svg a')].map((a) => {
      const code = a.querySelector('path').dataset.code;
      const row = document.querySelector(`table.states tr[data-code="${code}"]`);
      return {
        code,
        href: a.getAttribute('href'),
        name: `${row.querySelector('th').textContent.trim()}: ${row.querySelector('.level').textContent.trim()}`,
      };
    }),
  );
}

for (const [lang, colorScheme] of [
  ['es', 'light'],
  ['en', 'light'],
  ['es', 'dark'],
  ['en', 'dark'],
]) {
  test(`map (${lang}, ${colorScheme}): every state is reached with Tab, visibly focused, announced with its name and level`, async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
    const page = await context.newPage();
    const problems = watch(page, env.origin);
    const cdp = await context.newCDPSession(page);
    await page.goto(env.origin + MAPS[lang]);
    // A viewport tall enough to hold the whole map, so focusing a state never scrolls the page.
    const mapBottom = await page.locator('figure.map').evaluate((f) => f.getBoundingClientRect().bottom);
    await page.setViewportSize({ width: 1280, height: Math.ceil(mapBottom) + 100 });
    const expected = await mapStates(page);
    assert.equal(expected.length, 32, '32 state links in the map');

    // Each shape as it looks unfocused.
    const clips = await page.evaluate(() =>
      [...document.querySelectorAll('figure.map svg a path')].map((path) => {
        const r = path.getBoundingClientRect();
        const [x, y] = [Math.floor(r.left), Math.floor(r.top)];
        return { x, y, width: Math.ceil(r.right) - x, height: Math.ceil(r.bottom) - y };
      }),
    );
    assert.ok(clips.every((c) => c.y + c.height <= page.viewportSize().height), 'the whole map is in the viewport');
    const unfocused = [];
    for (const clip of clips) unfocused.push(await page.screenshot({ clip }));

    // Tab from the top of the page until the first state has focus.
    const inMapIndex = () =>
      page.evaluate(() => [...document.querySelectorAll('figure.map svg a')].indexOf(document.activeElement));
    let presses = 0;
    while ((await inMapIndex()) !== 0) {
      await page.keyboard.press('Tab');
      assert.ok(++presses < 100, 'Tab never reached the first state of the map');
    }
    const failures = [];
    for (let i = 0; i < 32; i++) {
      if (i > 0) await page.keyboard.press('Tab');
      const index = await inMapIndex();
      if (index !== i) {
        failures.push(`Tab ${i}: focus on map link ${index}, expected ${i} (${expected[i].code})`);
        continue;
      }
      // What a screen reader gets for the focused node: its role and accessible name.
      const { result } = await cdp.send('Runtime.evaluate', { expression: 'document.activeElement' });
      const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { objectId: result.objectId, fetchRelatives: false });
      await cdp.send('Runtime.releaseObject', { objectId: result.objectId });
      const [role, name] = [nodes[0]?.role?.value, nodes[0]?.name?.value];
      if (role !== 'link' || name !== expected[i].name) {
        failures.push(`${expected[i].code}: announced as ${role} "${name}", expected link "${expected[i].name}"`);
      }
      // A visible focus indicator: at least half of the shape's pixels change, each with a
      // contrast of 3:1 or more against how it looked unfocused.
      assert.equal(await page.evaluate(() => scrollY), 0, 'the page did not scroll');
      const shot = await page.screenshot({ clip: clips[i] });
      const { inside, contrasting } = await focusChange(page, i, clips[i], unfocused[i], shot);
      if (!(inside > 0 && contrasting >= inside * 0.5)) {
        failures.push(`${expected[i].code}: focus changes ${contrasting} of its ${inside} pixels with 3:1 contrast`);
      }
    }
    // The next Tab leaves the map.
    await page.keyboard.press('Tab');
    assert.equal(await inMapIndex(), -1, 'Tab after the last state leaves the map');
    await context.close();
    assert.deepEqual(failures, []);
    assertClean(problems);
  });
}

for (const lang of ['es', 'en']) {
  test(`map (${lang}): Enter on a focused state opens its page`, async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const problems = watch(page, env.origin);
    await page.goto(env.origin + MAPS[lang]);
    const expected = await mapStates(page);
    const notOpened = [];
    for (let i = 0; i < expected.length; i++) {
      if (i > 0) await page.goto(env.origin + MAPS[lang], { waitUntil: 'domcontentloaded' });
      await page.locator('figure.map svg a').nth(i).focus();
      await Promise.all([
        page.waitForURL(env.origin + expected[i].href, { waitUntil: 'domcontentloaded' }),
        page.keyboard.press('Enter'),
      ]);
      const h1 = (await page.locator('h1').textContent()).trim();
      if (!expected[i].name.startsWith(`${h1}: `)) notOpened.push(`${expected[i].code}: Enter opened "${h1}"`);
    }
    await context.close();
    assert.deepEqual(notOpened, []);
    assertClean(problems);
  });
}

const fold = (text) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

for (const [lang, home, searches] of [
  [
    'es',
    '/es/',
    [
      ['michoacan', '/es/mapa/michoacan/', 'Michoacán'],
      ['garcia', '/es/cronologia/llamada-garcia-harfuch-anandasangaree/', 'García Harfuch'],
      // Words of an event's body only: full-text search.
      ['fentanilo', '/es/cronologia/acuerdo-bilateral-sheinbaum-carney/', 'Acuerdo bilateral'],
      ['cárteles', '/es/cronologia/acuerdo-bilateral-sheinbaum-carney/', 'Acuerdo bilateral'],
      ['inteligencia', '/es/cronologia/acuerdo-bilateral-sheinbaum-carney/', 'Acuerdo bilateral'],
      // The last word is a prefix while it is typed.
      ['carteles mexi', '/es/cronologia/acuerdo-bilateral-sheinbaum-carney/', 'Acuerdo bilateral'],
    ],
  ],
  [
    'en',
    '/en/',
    [
      ['michoacan', '/en/map/michoacan/', 'Michoacán'],
      ['garcia', '/en/timeline/garcia-harfuch-anandasangaree-call/', 'García Harfuch'],
      ['Secretary', '/en/timeline/garcia-harfuch-anandasangaree-call/', 'García Harfuch'],
      ['fentanyl', '/en/timeline/sheinbaum-carney-bilateral-agreement/', 'Bilateral agreement'],
    ],
  ],
]) {
  test(`search (${lang}) finds what pages say whatever their accents, with the match in a snippet`, async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const problems = watch(page, env.origin);
    for (const [query, href, title] of searches) {
      await page.goto(env.origin + home);
      const input = page.getByRole('searchbox');
      await input.pressSequentially(query);
      const result = page.locator(`.search-results a[href="${href}"]`);
      await result.waitFor({ timeout: 5000 });
      assert.ok((await result.textContent()).includes(title), `"${query}": result titled ${title}`);
      assert.match(await page.locator('.search-status').textContent(), /\d/, `"${query}": result count announced`);
      // The snippet shows the text around a match, the matched word marked.
      const item = page.locator('.search-results li').filter({ has: page.locator(`a[href="${href}"]`) });
      const marks = await item.locator('p mark').allTextContents();
      const words = fold(query).split(/[^a-z0-9]+/).filter(Boolean);
      const inTitle = words.every((w) => fold(title).includes(w));
      if (!inTitle) {
        assert.ok(marks.length === 1, `"${query}": one match marked (${marks})`);
        assert.ok(words.some((w) => fold(marks[0]).startsWith(w)), `"${query}": "${marks[0]}" is a match`);
      }
      await Promise.all([page.waitForURL(env.origin + href), result.click()]);
    }
    // Title matches come first: the state named Michoacán before the pages that mention it.
    await page.goto(env.origin + home);
    await page.getByRole('searchbox').pressSequentially('michoacan');
    await page.locator('.search-results li').first().waitFor();
    assert.equal(
      await page.locator('.search-results li a').first().getAttribute('href'),
      searches[0][1],
      'title match first',
    );
    assert.ok((await page.locator('.search-results li').count()) > 1, 'other documents mention Michoacán');
    // A query with no match says so.
    await page.goto(env.origin + home);
    await page.getByRole('searchbox').pressSequentially('zzzqqq');
    await page.locator('.search-status').filter({ hasText: /\S/ }).waitFor();
    assert.equal(await page.locator('.search-results li').count(), 0);
    await context.close();
    assertClean(problems);
    const local = (u) => u.startsWith(`${env.origin}/${lang}/search`);
    assert.ok(problems.requests.some((u) => u === `${env.origin}/${lang}/search.json`), 'index fetched locally');
    assert.ok(problems.requests.some((u) => /\/search\/w\d+\.json$/.test(u) && local(u)), 'a shard fetched');
    assert.ok(problems.requests.some((u) => /\/search\/d\d+\.json$/.test(u) && local(u)), 'a chunk fetched');
  });
}

test('nothing of the search index loads until a reader types, and the 404 page searches both languages', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const problems = watch(page, env.origin);
  await page.goto(env.origin + '/es/');
  await page.getByRole('searchbox').focus();
  await page.waitForTimeout(200);
  assert.deepEqual(problems.requests.filter((u) => u.includes('/search.json') || u.includes('/search/')), [], 'nothing fetched before typing');
  await page.goto(env.origin + '/no/such/page/');
  for (const [lang, query, href] of [
    ['es', 'fentanilo', '/es/cronologia/acuerdo-bilateral-sheinbaum-carney/'],
    ['en', 'secretary', '/en/timeline/garcia-harfuch-anandasangaree-call/'],
  ]) {
    const form = page.locator(`form.site-search[data-index="/${lang}/search.json"]`);
    await form.locator('input').pressSequentially(query);
    await form.locator(`.search-results a[href="${href}"]`).waitFor({ timeout: 5000 });
    assert.match(await form.locator('.search-status').textContent(), /\d/, `${lang}: count announced`);
  }
  await context.close();
  assertClean(problems);
});

test('the page types the suite covers all exist', () => {
  for (const { url } of PAGE_TYPES) {
    if (url !== '/no/such/page/') assert.ok(urls.includes(url), `${url} is a page of the site`);
  }
});
