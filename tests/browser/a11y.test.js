// axe-core (WCAG 2.0 and 2.1, levels A and AA) on every page type in both languages, in light and
// dark mode, and with the search box open and showing results.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { PAGE_TYPES, start, axe, describeViolations } = require('./harness');

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds no WCAG 2.1 A/AA violation on any page type (${colorScheme})`, async () => {
    const context = await env.browser.newContext({ colorScheme });
    const page = await context.newPage();
    const failures = [];
    for (const { url } of PAGE_TYPES) {
      await page.goto(env.origin + url);
      const violations = await axe(page);
      if (violations.length) failures.push(`${url}\n  ${describeViolations(violations)}`);
    }
    await context.close();
    assert.deepEqual(failures, [], failures.join('\n'));
  });
}

test('axe finds no violation with the search box open and showing results', async () => {
  const failures = [];
  for (const colorScheme of ['light', 'dark']) {
    const context = await env.browser.newContext({ colorScheme });
    const page = await context.newPage();
    for (const [url, query] of [
      ['/es/', 'michoacan'],
      ['/es/cronologia/', 'fentanilo'], // a snippet with its match marked
      ['/en/timeline/', 'garcia'],
      ['/en/map/', 'zzzz'], // no results: the status line alone
    ]) {
      await page.goto(env.origin + url);
      await page.locator('#search-input').pressSequentially(query);
      await page.locator('.search-status').filter({ hasText: /\S/ }).waitFor();
      const violations = await axe(page);
      if (violations.length) failures.push(`${url} (${colorScheme}, "${query}")\n  ${describeViolations(violations)}`);
    }
    await context.close();
  }
  assert.deepEqual(failures, [], failures.join('\n'));
});
