// Shared set-up for the browser tests: build the real site into a temporary folder, serve it on
// 127.0.0.1, launch Debian's Chromium through playwright-core, and the page lists every test uses.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Without the background-networking flags Chromium tries to reach Google's services, which are
// refused here (and would be requests to another host).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// One page of each type, in both languages (README, "What a reader gets").
const PAGE_TYPES = [
  { type: 'language choice', url: '/' },
  { type: 'home', lang: 'es', url: '/es/' },
  { type: 'home', lang: 'en', url: '/en/' },
  { type: 'timeline', lang: 'es', url: '/es/cronologia/' },
  { type: 'timeline', lang: 'en', url: '/en/timeline/' },
  { type: 'kind filter', lang: 'es', url: '/es/cronologia/llamada/' },
  { type: 'kind filter', lang: 'en', url: '/en/timeline/call/' },
  { type: 'year filter', lang: 'es', url: '/es/cronologia/2025/' },
  { type: 'year filter', lang: 'en', url: '/en/timeline/2025/' },
  { type: 'event', lang: 'es', url: '/es/cronologia/llamada-garcia-harfuch-anandasangaree/' },
  { type: 'event', lang: 'en', url: '/en/timeline/garcia-harfuch-anandasangaree-call/' },
  { type: 'map', lang: 'es', url: '/es/mapa/' },
  { type: 'map', lang: 'en', url: '/en/map/' },
  { type: 'state', lang: 'es', url: '/es/mapa/chiapas/' },
  { type: 'state', lang: 'en', url: '/en/map/chiapas/' },
  { type: 'advisory', lang: 'es', url: '/es/avisos/2025-11-18/' },
  { type: 'advisory', lang: 'en', url: '/en/advisories/2025-11-18/' },
  { type: 'markdown page', lang: 'es', url: '/es/acerca/' },
  { type: 'markdown page', lang: 'en', url: '/en/about/' },
  { type: 'open data', lang: 'es', url: '/es/datos/' },
  { type: 'open data', lang: 'en', url: '/en/data/' },
  { type: '404', url: '/404.html' },
  { type: '404 (unknown path)', url: '/no/such/page/' },
];

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

let built = null;

// The site's output folder. `PUENTE_SITE=DIR` reuses a site built beforehand (handy while working
// on a test); otherwise the real site is built once per test file into a temporary folder.
function buildSite() {
  if (built) return built;
  if (process.env.PUENTE_SITE) {
    built = path.resolve(process.env.PUENTE_SITE);
    return built;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'puente-browser-'));
  const out = path.join(tmp, 'public');
  execFileSync('cargo', ['run', '--release', '--quiet', '--', 'build', '--quiet', '--output-dir', out], {
    cwd: REPO,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
  built = out;
  return built;
}

// Every file of the output (relative paths with forward slashes), hidden bookkeeping files left out.
function siteFiles(dir) {
  const files = [];
  (function walk(rel) {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else files.push(child);
    }
  })('');
  return files.sort();
}

// The URL path of every HTML page of the site: `es/index.html` -> `/es/`.
function pageUrls(dir) {
  return siteFiles(dir)
    .filter((f) => f.endsWith('.html'))
    .map((f) => '/' + f.replace(/(^|\/)index\.html$/, '$1'));
}

// A static server for the output folder at `/`: folders serve their index.html, unknown paths get
// 404.html with status 404, nothing outside the folder is served. Resolves to { origin, close }.
function serve(dir) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.join(root, pathname);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(400).end();
      return;
    }
    try {
      if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    } catch {
      /* not found: handled below */
    }
    let status = 200;
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      status = 404;
      file = path.join(root, '404.html');
    }
    const type = CONTENT_TYPES[path.extname(file)] || 'application/octet-stream';
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

async function launch() {
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

// Build, serve, launch: what every browser test file starts with. `close()` undoes it all.
async function start() {
  const dir = buildSite();
  const server = await serve(dir);
  const browser = await launch();
  return {
    dir,
    origin: server.origin,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

// Records what a page does that it should not: console errors, uncaught exceptions, failed
// requests, and requests to any host but the local server.
function watch(page, origin) {
  const problems = { consoleErrors: [], pageErrors: [], foreignRequests: [], failedRequests: [], requests: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(`${page.url()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.pageErrors.push(`${page.url()}: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    problems.requests.push(url);
    if (!(url.startsWith(origin + '/') || url.startsWith('data:') || url === 'about:blank')) {
      problems.foreignRequests.push(`${page.url()} -> ${url}`);
    }
  });
  page.on('requestfailed', (req) => {
    const reason = req.failure()?.errorText;
    // A request cut short because the test moved on to the next page is not a failure.
    if (reason !== 'net::ERR_ABORTED') problems.failedRequests.push(`${req.url()}: ${reason}`);
  });
  return problems;
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
let axeSource = null;

// Runs axe-core on the page as it is now; resolves to its violations.
async function axe(page) {
  axeSource ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    AXE_TAGS,
  );
  return result.violations;
}

// A readable list of axe violations for an assertion message.
function describeViolations(violations) {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`)
          .join('\n'),
    )
    .join('\n');
}

module.exports = {
  REPO,
  PAGE_TYPES,
  buildSite,
  siteFiles,
  pageUrls,
  serve,
  launch,
  start,
  watch,
  axe,
  describeViolations,
};
