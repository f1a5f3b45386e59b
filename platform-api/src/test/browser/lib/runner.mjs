// Dialtone's browser test runner: runs the tests of one suite file in Debian's Chromium through
// playwright-core, one fresh browser per test, and prints one result line per test:
//   BROWSER-TEST {"name": "...", "status": "passed"|"failed", "ms": 1234, "error": "..."}
// Usage: node runner.mjs <suite.mjs> [test name...]   (no names = every test of the suite)
//
// A suite is an ES module whose default export registers tests; it needs no imports:
//   export default function (t) {
//     t.test('signs in', async ({newPage, baseUrl, eventually, screenshot, step}) => { ... });
//   }
// Environment: DIALTONE_BASE_URL (the node under test), DIALTONE_CHROMIUM (default /usr/bin/chromium),
// DIALTONE_SCREENSHOT_DIR (if set, screenshot(page, name) writes <dir>/<name>.png), DIALTONE_FAILURE_DIR
// (a screenshot of the last page of a failed test), DIALTONE_TEST_TIMEOUT_MS (per test, default 120000),
// DIALTONE_CHROMIUM_ARGS (extra Chromium flags, whitespace-separated, e.g. fake media devices),
// plus whatever the suite reads (passed through by the Java side).
import {mkdirSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {pathToFileURL} from 'node:url';
import {chromium} from 'playwright-core';

// Chromium flags that work as root in a container with no GPU and a closed network.
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-quic',
  '--no-first-run', '--disable-component-update', '--disable-sync', '--disable-default-apps', '--mute-audio',
];

const env = process.env;
const [suitePath, ...selected] = process.argv.slice(2);
if (!suitePath) {
  console.error('usage: node runner.mjs <suite.mjs> [test name...]');
  process.exit(2);
}

const tests = [];
const suite = await import(pathToFileURL(resolve(suitePath)).href);
suite.default({
  test(name, fn, options = {}) {
    tests.push({name, fn, options});
  },
});
const unknown = selected.filter(n => !tests.some(t => t.name === n));
if (unknown.length) {
  console.error(`unknown test(s): ${unknown.join(', ')}; the suite has: ${tests.map(t => t.name).join(', ')}`);
  process.exit(2);
}
const chosen = selected.length ? tests.filter(t => selected.includes(t.name)) : tests;

function sleep(ms) {
  return new Promise(r => setTimeout(r, ms));
}

/** Retries fn until it stops throwing (or returns a truthy value when `truthy`), within timeout ms. */
async function eventually(fn, {timeout = 10000, interval = 100, message} = {}) {
  const deadline = Date.now() + timeout;
  let last;
  for (let i = 0; i < 100000; i++) {
    try {
      const v = await fn();
      if (v !== false) return v;
      last = new Error('condition was false');
    } catch (e) {
      last = e;
    }
    if (Date.now() >= deadline) break;
    await sleep(interval);
  }
  throw new Error(`${message || 'condition not met'} within ${timeout} ms: ${last && last.message}`);
}

function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

function assertEqual(actual, expected, message) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message || 'values differ'}: expected ${e}, got ${a}`);
}

/** Waits until the locator's text contains `expected` (a string or a RegExp). */
async function expectText(locator, expected, {timeout = 10000} = {}) {
  return eventually(async () => {
    const text = await locator.innerText({timeout: 1000});
    const ok = expected instanceof RegExp ? expected.test(text) : text.includes(expected);
    if (!ok) throw new Error(`text is ${JSON.stringify(text.slice(0, 300))}, wanted ${expected}`);
    return text;
  }, {timeout, message: `text ${expected}`});
}

async function runOne(test) {
  const t0 = Date.now();
  const browser = await chromium.launch({
    executablePath: env.DIALTONE_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...(env.DIALTONE_CHROMIUM_ARGS || '').split(/\s+/).filter(Boolean)],
  });
  console.log(`  [${test.name}] +${Date.now() - t0} ms: browser started`);
  const pageErrors = [];
  const pages = [];
  const tools = {
    browser,
    env,
    baseUrl: env.DIALTONE_BASE_URL,
    eventually,
    assert,
    assertEqual,
    expectText,
    sleep,
    /** A page in a fresh browser context (its own cookies). Uncaught page errors and CSP violations fail the test. */
    async newPage({viewport = {width: 1280, height: 860}, ...contextOptions} = {}) {
      const context = await browser.newContext({viewport, ...contextOptions});
      const page = await context.newPage();
      page.setDefaultTimeout(15000);
      page.on('pageerror', e => pageErrors.push(`uncaught error in the page: ${e.message}`));
      page.on('console', m => {
        if (m.type() === 'error' && /Content Security Policy|Refused to (execute|load|apply|connect|frame)/.test(m.text())) {
          pageErrors.push(`CSP violation: ${m.text()}`);
        }
      });
      pages.push(page);
      return page;
    },
    step(text) {
      console.log(`  [${test.name}] +${Date.now() - t0} ms: ${text}`);
    },
    async screenshot(page, name, options = {}) {
      if (!env.DIALTONE_SCREENSHOT_DIR) return null;
      mkdirSync(env.DIALTONE_SCREENSHOT_DIR, {recursive: true});
      const path = join(env.DIALTONE_SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({path, ...options});
      return path;
    },
  };
  const timeout = Number(test.options.timeout || env.DIALTONE_TEST_TIMEOUT_MS || 120000);
  let timer;
  try {
    await Promise.race([
      test.fn(tools),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`test timed out after ${timeout} ms`)), timeout); }),
    ]);
    if (pageErrors.length) throw new Error(pageErrors.join('\n'));
    return {name: test.name, status: 'passed', ms: Date.now() - t0};
  } catch (e) {
    let shot = null;
    const last = pages[pages.length - 1];
    if (last && env.DIALTONE_FAILURE_DIR) {
      try {
        mkdirSync(env.DIALTONE_FAILURE_DIR, {recursive: true});
        shot = join(env.DIALTONE_FAILURE_DIR, `${test.name.replace(/[^A-Za-z0-9_-]+/g, '_')}.png`);
        await last.screenshot({path: shot, fullPage: true, timeout: 5000});
      } catch {
        shot = null;
      }
    }
    const error = [e && e.stack ? e.stack : String(e), ...pageErrors].join('\n');
    return {name: test.name, status: 'failed', ms: Date.now() - t0, error, screenshot: shot};
  } finally {
    clearTimeout(timer);
    await browser.close().catch(() => {});
  }
}

let failed = 0;
for (const test of chosen) {
  console.log(`  [${test.name}] starting`);
  const result = await runOne(test);
  if (result.status !== 'passed') failed++;
  console.log(`BROWSER-TEST ${JSON.stringify(result)}`);
}
process.exit(failed ? 1 : 0);
