// Layout: no horizontal scrolling from 320 px up, a readable line length, text that can be doubled
// in size, and the colour-scheme, reduced-motion and print preferences honoured.
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

// Runs `fn(page, url)` for every url on a few pages of `context` at once.
async function forEachPage(context, list, fn, width = 3) {
  const queue = [...list];
  await Promise.all(
    Array.from({ length: width }, async () => {
      const page = await context.newPage();
      while (queue.length) await fn(page, queue.shift());
      await page.close();
    }),
  );
}

// Whatever sticks out to the right of the viewport, outside a scrolling container (a wide table
// may scroll inside its own box: WCAG 1.4.10 allows that for data tables), or is cut off by an
// `overflow: hidden` box. The visually hidden headings (and anything hidden as they are) are meant
// to be clipped.
function overflowing() {
  const out = [];
  const describe = (el) =>
    `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${typeof el.className === 'string' && el.className ? '.' + el.className.split(' ').join('.') : ''}`;
  const scrolls = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const hiddenByClip = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).clip === 'rect(0px, 0px, 0px, 0px)') return true;
    }
    return false;
  };
  if (document.documentElement.scrollWidth > window.innerWidth) {
    out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
  }
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.visually-hidden, .skip-link, script, head')) continue;
    // Hidden the same way by a stylesheet rule (the stacked table's header row on a phone).
    if (hiddenByClip(el)) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (box.right > window.innerWidth + 1 && !scrolls(el)) {
      out.push(`${describe(el)} ends at ${Math.round(box.right)}px`);
    }
    const style = getComputedStyle(el);
    for (const [axis, scroll, client] of [
      ['x', el.scrollWidth, el.clientWidth],
      ['y', el.scrollHeight, el.clientHeight],
    ]) {
      const overflow = axis === 'x' ? style.overflowX : style.overflowY;
      if (['hidden', 'clip'].includes(overflow) && scroll > client + 1) {
        out.push(`${describe(el)} clips its content (${axis}: ${scroll} > ${client})`);
      }
    }
  }
  return out.slice(0, 10);
}

for (const width of [320, 390, 1280]) {
  // 320 px is where WCAG 1.4.10 (reflow) draws the line: there, check every page of the site.
  const list = () => (width === 320 ? urls : PAGE_TYPES.map((p) => p.url));
  test(`no horizontal scrolling at ${width} px (${width === 320 ? 'every page' : 'every page type'})`, async () => {
    const context = await env.browser.newContext({ viewport: { width, height: 800 } });
    const failures = [];
    await forEachPage(context, list(), async (page, url) => {
      await page.goto(env.origin + url);
      const problems = await page.evaluate(overflowing);
      if (problems.length) failures.push(`${url}: ${problems.join('; ')}`);
    });
    await context.close();
    assert.deepEqual(failures, []);
  });
}

test('text resized to 200% at 1280 px: no horizontal scrolling, nothing cut off', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const failures = [];
  await forEachPage(context, PAGE_TYPES.map((p) => p.url), async (page, url) => {
    await page.goto(env.origin + url);
    const before = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    await page.evaluate(() => {
      document.documentElement.style.fontSize = '200%';
    });
    const resized = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    assert.equal(resized, before * 2, `${url}: body text doubled`);
    const problems = await page.evaluate(overflowing);
    if (problems.length) failures.push(`${url}: ${problems.join('; ')}`);
  });
  await context.close();
  assert.deepEqual(failures, []);
});

// WCAG 1.4.8 (AAA) asks for lines of at most 80 characters; the usual typographic advice is 45-75.
// The site's measure is 42rem. The test allows up to 45em of width per paragraph (about 90
// characters of a sans-serif font, whose average letter is about half an em wide) and checks the
// real count too: on paragraphs of three lines or more, characters per line may not exceed 90.
test('paragraphs keep a readable line length at 1280 px', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const failures = [];
  let measured = 0;
  await forEachPage(context, PAGE_TYPES.map((p) => p.url), async (page, url) => {
    await page.goto(env.origin + url);
    const paragraphs = await page.evaluate(() =>
      [...document.querySelectorAll('main p')]
        .filter((p) => p.getClientRects().length && p.textContent.trim())
        .map((p) => {
          const style = getComputedStyle(p);
          const fontSize = parseFloat(style.fontSize);
          const lines = Math.round(p.getBoundingClientRect().height / parseFloat(style.lineHeight));
          return {
            text: p.textContent.trim().slice(0, 40),
            em: p.getBoundingClientRect().width / fontSize,
            lines,
            perLine: p.textContent.trim().length / lines,
          };
        }),
    );
    measured += paragraphs.length;
    for (const p of paragraphs) {
      if (p.em > 45) failures.push(`${url}: "${p.text}…" is ${p.em.toFixed(1)}em wide`);
      if (p.lines >= 3 && p.perLine > 90) failures.push(`${url}: "${p.text}…" has ${Math.round(p.perLine)} characters a line`);
    }
  });
  await context.close();
  assert.ok(measured > 50, `paragraphs measured: ${measured}`);
  assert.deepEqual(failures, []);
});

test('prefers-color-scheme: dark is honoured', async () => {
  const colours = {};
  for (const colorScheme of ['light', 'dark']) {
    const context = await env.browser.newContext({ colorScheme });
    const page = await context.newPage();
    colours[colorScheme] = {};
    for (const url of ['/', '/es/', '/en/map/', '/en/timeline/garcia-harfuch-anandasangaree-call/']) {
      await page.goto(env.origin + url);
      colours[colorScheme][url] = await page.evaluate(() => {
        const luminance = (colour) => {
          const [r, g, b] = colour.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
          const c = (v) => ((v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
          return 0.2126 * c(r) + 0.7152 * c(g) + 0.0722 * c(b);
        };
        const body = getComputedStyle(document.body);
        return {
          background: body.backgroundColor,
          text: body.color,
          dark: luminance(body.backgroundColor) < luminance(body.color),
          scheme: getComputedStyle(document.documentElement).colorScheme,
        };
      });
    }
    await context.close();
  }
  for (const url of Object.keys(colours.light)) {
    const [light, dark] = [colours.light[url], colours.dark[url]];
    assert.notEqual(dark.background, light.background, `${url}: background differs`);
    assert.notEqual(dark.text, light.text, `${url}: text colour differs`);
    assert.equal(light.dark, false, `${url}: dark text on a light background in light mode`);
    assert.equal(dark.dark, true, `${url}: light text on a dark background in dark mode`);
    assert.match(light.scheme, /dark/, `${url}: color-scheme declares dark support (form controls follow)`);
  }
});

test('prefers-reduced-motion: reduce is honoured', async () => {
  // Nothing on the site moves today; a probe with a transition and an animation checks that the
  // stylesheet's reduced-motion rule would stop whatever is added later.
  const probe = () => {
    const a = document.createElement('a');
    a.href = '#';
    a.id = 'motion-probe';
    a.textContent = 'probe';
    a.style.transition = 'color 2s';
    a.style.animation = 'probe 2s infinite';
    document.querySelector('main').append(a);
  };
  const durations = () =>
    [...document.querySelectorAll('body, body *')].flatMap((el) =>
      [null, '::before', '::after'].map((pseudo) => {
        const s = getComputedStyle(el, pseudo);
        return {
          el: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${pseudo || ''}`,
          transition: s.transitionDuration,
          animation: s.animationDuration,
          scroll: s.scrollBehavior,
        };
      }),
    );
  const moving = (list) =>
    list.filter((d) => d.transition.split(', ').some((t) => t !== '0s') || d.animation.split(', ').some((t) => t !== '0s'));
  for (const reducedMotion of ['reduce', 'no-preference']) {
    const context = await env.browser.newContext({ reducedMotion });
    const page = await context.newPage();
    for (const url of ['/es/', '/en/map/', '/es/cronologia/']) {
      await page.goto(env.origin + url);
      const site = await page.evaluate(durations);
      await page.evaluate(probe);
      const withProbe = await page.evaluate(durations);
      if (reducedMotion === 'reduce') {
        assert.deepEqual(moving(withProbe), [], `${url}: nothing moves with reduced motion`);
        assert.deepEqual(site.filter((d) => d.scroll === 'smooth'), [], `${url}: no smooth scrolling`);
      } else {
        // The probe itself does move without the preference, so the check above is not vacuous.
        assert.deepEqual(moving(withProbe).map((d) => d.el), ['a#motion-probe'], `${url}: only the probe moves`);
      }
    }
    await context.close();
  }
});

test('print: no navigation, language switch or search form; external links show their address', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const problems = watch(page, env.origin);
  for (const url of ['/es/', '/en/map/', '/es/cronologia/llamada-garcia-harfuch-anandasangaree/', '/en/about/']) {
    await page.goto(env.origin + url);
    await page.emulateMedia({ media: 'screen' });
    // The search form is shown by the script; it must go in print all the same.
    assert.ok(await page.locator('form.site-search').isVisible(), `${url}: search form shown on screen`);
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['.site-nav', '.language-switch', 'form.site-search', '.skip-link']) {
      const shown = await page.locator(selector).evaluateAll((els) => els.filter((e) => e.getClientRects().length).length);
      assert.equal(shown, 0, `${url}: ${selector} hidden in print`);
    }
    assert.ok(await page.locator('main h1').isVisible(), `${url}: the content is printed`);
  }

  // The real content links to no other site today, so put links in a Markdown body and summary and
  // a cited source with an address (as templates/macros.html writes them) on an event page, and
  // check how they print: the address once.
  await page.emulateMedia({ media: 'screen' });
  await page.goto(env.origin + '/en/timeline/garcia-harfuch-anandasangaree-call/');
  await page.evaluate(() => {
    const p = document.createElement('p');
    p.innerHTML = 'See <a id="ext-prose" href="https://example.org/report">the report</a>.';
    document.querySelector('.prose').append(p);
    document.querySelector('.summary p').insertAdjacentHTML('beforeend', ' <a id="ext-summary" href="https://example.org/summary">More</a>');
    const li = document.createElement('li');
    li.id = 'ext-source';
    li.innerHTML =
      '<a href="https://example.org/source" hreflang="es"><cite lang="es">Fuente</cite></a>, Publisher' +
      ' <span class="source-url">https://example.org/source</span>';
    document.querySelector('ul.sources').append(li);
    document.querySelector('main').insertAdjacentHTML('beforeend', '<p><a id="internal" href="/en/map/">map</a></p>');
  });
  const printed = (selector) =>
    page.evaluate((selector) => {
      // The text of an element as printed: its visible text plus the generated ::after content.
      const el = document.querySelector(selector);
      let text = el.innerText;
      for (const a of [el, ...el.querySelectorAll('*')].filter((e) => e.matches('a'))) {
        const after = getComputedStyle(a, '::after').content;
        if (after && after !== 'none' && after !== 'normal') text += ' ' + JSON.parse(after);
      }
      return text;
    }, selector);
  await page.emulateMedia({ media: 'print' });
  const prose = await printed('#ext-prose');
  assert.ok(prose.includes('https://example.org/report'), `prose link prints its address: ${prose}`);
  const summary = await printed('#ext-summary');
  assert.ok(summary.includes('https://example.org/summary'), `summary link prints its address: ${summary}`);
  const source = await printed('#ext-source');
  assert.equal(source.split('https://example.org/source').length - 1, 1, `source address printed once: ${source}`);
  assert.ok(!(await printed('#internal')).includes('/en/map/'), 'internal links print no address');
  await page.emulateMedia({ media: 'screen' });
  assert.ok(!(await printed('#ext-prose')).includes('https://'), 'no address after links on screen');
  await context.close();
  assert.deepEqual(problems.pageErrors, []);
});

// Issue 17: what a reader on a phone sees first, and what a printed briefing holds.
for (const width of [320, 390]) {
  test(`phone at ${width} px: a compact header, the map within the first screen, no level over three lines`, async () => {
    const context = await env.browser.newContext({ viewport: { width, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    for (const url of ['/es/mapa/', '/en/map/']) {
      await page.goto(env.origin + url);
      const got = await page.evaluate(() => {
        const box = (sel) => document.querySelector(sel).getBoundingClientRect();
        return {
          header: box('header.site-header').height,
          map: [box('figure.map svg').top, box('figure.map svg').bottom],
          lines: [...document.querySelectorAll('table.states tbody tr')].map((tr) => [
            tr.dataset.code,
            tr.querySelector('.level').getClientRects().length,
          ]),
        };
      });
      assert.ok(got.header <= 180, `${url}: the header is ${got.header} px tall`);
      assert.ok(got.map[0] >= got.header && got.map[1] <= 844, `${url}: the map spans ${got.map} px of an 844 px screen`);
      assert.equal(got.lines.length, 32, `${url}: 32 rows`);
      for (const [code, lines] of got.lines) assert.ok(lines >= 1 && lines <= 3, `${url}: ${code}'s level wraps over ${lines} lines`);
    }
    await context.close();
  });
}

test('home page briefs above the fold: listed states, their caveat and the newest event', async () => {
  for (const [width, height] of [[390, 844], [1280, 800]]) {
    const context = await env.browser.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    for (const url of ['/es/', '/en/']) {
      await page.goto(env.origin + url);
      const got = await page.evaluate(() => {
        const bottom = (sel) => document.querySelector(sel)?.getBoundingClientRect().bottom ?? Infinity;
        return {
          issuer: bottom('.brief-issuer'),
          states: [...document.querySelectorAll('.listed-states a')].map((a) => [a.textContent, a.getBoundingClientRect().bottom]),
          caveat: bottom('.advisory-summary .level-note'),
          newest: bottom('.newest .event-title'),
        };
      });
      assert.equal(got.states.length, 14, `${url}: the 14 listed states by name`);
      for (const [name, bottom] of got.states) assert.ok(bottom <= height, `${url} at ${width} px: ${name} below the fold (${bottom})`);
      for (const what of ['issuer', 'caveat', 'newest']) {
        assert.ok(got[what] <= height, `${url} at ${width} px: the ${what} ends at ${got[what]} px`);
      }
    }
    await context.close();
  }
});

test('print: the map page and the home page fit on one or two A4 or Letter pages', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  for (const url of ['/es/mapa/', '/en/map/', '/es/', '/en/']) {
    await page.goto(env.origin + url);
    await page.emulateMedia({ media: 'print' });
    const shown = (sel) => page.locator(sel).evaluateAll((els) => els.filter((e) => e.getClientRects().length).length);
    if (url.includes('map')) {
      assert.equal(await shown('figure.map svg'), 1, `${url}: the map prints`);
      assert.equal(await shown('section.legend'), 1, `${url}: the legend prints`);
      assert.equal(await shown('table.states tbody tr'), 14, `${url}: the listed states print`);
      assert.ok((await shown('ul.sources > li')) > 0, `${url}: the sources print`);
    } else {
      assert.equal(await shown('.listed-states li'), 14, `${url}: the listed states print`);
    }
    for (const sel of ['.site-nav', 'form.site-search', '.reader-links']) assert.equal(await shown(sel), 0, `${url}: ${sel} printed`);
    for (const format of ['A4', 'Letter']) {
      const pdf = await page.pdf({ format });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
      assert.ok(pages >= 1 && pages <= 2, `${url}: ${pages} ${format} pages`);
    }
  }
  await context.close();
});
