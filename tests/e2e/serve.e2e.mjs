// pgimport serve in a real headless browser (Debian's chromium, driven by playwright-core):
// the four steps against real clusters, a failing check, a reload and a cancel mid-import,
// with screenshots. Started by serve_e2e_test.cpp, which creates the clusters and passes:
//   PGIMPORT_BINARY      the pgimport binary
//   E2E_SOURCE_SHOP      source URL (with password) of a small database
//   E2E_SOURCE_BIG       source URL of a database big enough to cancel mid-copy
//   E2E_SOURCE_BAD       source URL with a wrong password (its check fails)
//   E2E_TARGET           target server URL (with password)
//   E2E_SECRETS          comma-separated passwords that must never show up anywhere
//   E2E_SCREENSHOTS      folder for the screenshots
// Exit code 0 when every step passed; the failing step is printed otherwise.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { chromium } = await import(path.join(here, 'node_modules/playwright-core/index.mjs'));

const env = (name) => {
  if (!process.env[name]) throw new Error(`missing ${name}`);
  return process.env[name];
};
const binary = env('PGIMPORT_BINARY');
const shop = env('E2E_SOURCE_SHOP');
const big = env('E2E_SOURCE_BIG');
const bad = env('E2E_SOURCE_BAD');
const target = env('E2E_TARGET');
const secrets = env('E2E_SECRETS').split(',').filter((s) => s.length >= 3);
const screenshots = env('E2E_SCREENSHOTS');
rmSync(screenshots, { recursive: true, force: true });
mkdirSync(screenshots, { recursive: true });

const started = Date.now();
const log = (text) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`);
let failures = 0;
function expect(condition, what) {
  if (!condition) {
    failures += 1;
    console.log(`FAIL: ${what}`);
    throw new Error(what);
  }
  log(`ok: ${what}`);
}
function noSecrets(text, where) {
  for (const secret of secrets) {
    if (text.includes(secret)) {
      failures += 1;
      console.log(`FAIL: a password appears in ${where}`);
      throw new Error(`a password appears in ${where}`);
    }
  }
}

// --- the server ---------------------------------------------------------------------------
const server = spawn(binary, ['serve', '--listen', '127.0.0.1:0', '--no-open'],
                     { stdio: ['ignore', 'pipe', 'pipe'] });
let serverOutput = '';
server.stdout.on('data', (chunk) => { serverOutput += chunk; });
server.stderr.on('data', (chunk) => { serverOutput += chunk; });
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('serve printed no URL: ' + serverOutput)), 15000);
  const look = () => {
    const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(serverOutput);
    if (match) { clearTimeout(timer); resolve(match[0]); }
  };
  server.stdout.on('data', look);
  server.on('exit', (code) => reject(new Error(`serve exited (${code}): ${serverOutput}`)));
});
const origin = new URL(url).origin;
log(`serve listens at ${origin}`);

// --- the browser ----------------------------------------------------------------------------
const profile = mkdtempSync(path.join(tmpdir(), 'pgimport-e2e-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1100, height: 1000 },
});
const page = context.pages()[0] || await context.newPage();
const responses = [];
page.on('response', async (response) => {
  if (!response.url().startsWith(origin) || response.url().includes('/api/import/events')) return;
  try { responses.push({ url: response.url(), text: await response.text() }); } catch (e) { /* gone */ }
});
page.on('pageerror', (error) => { failures += 1; console.log(`FAIL: page error: ${error.message}`); });

let shot = 0;
async function screenshot(name) {
  shot += 1;
  const file = path.join(screenshots, `${String(shot).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  noSecrets(await page.content(), `the page (${name})`);
  log(`screenshot ${file}`);
}

async function connect(source) {
  if (!(await page.isVisible('#step-connect'))) await page.click('#back-to-connect');
  await page.fill('#source', source);
  await page.check('input[name=target-kind][value=other]');
  await page.fill('#target', target);
  await page.click('#connect-button');
  await page.waitForSelector('#step-check:not([hidden])');
  expect(await page.inputValue('#source') === '', 'the source field is emptied once sent');
}

async function runChecks() {
  await page.click('#check-button');
  await page.waitForFunction(() => {
    const verdict = document.getElementById('check-verdict');
    return !verdict.hidden && verdict.textContent !== 'Checking...';
  }, null, { timeout: 60000 });
}

async function startImport(branch, jobs, verify) {
  await page.click('#to-import');
  await page.fill('#branch', branch);
  await page.fill('#jobs', String(jobs));
  await page.selectOption('#verify', verify);
  await page.click('#import-button');
  await page.waitForSelector('#progress:not([hidden])');
}

// Waits until the data copy is under way (some bytes copied, not all).
async function waitForCopying() {
  await page.waitForFunction(() => {
    const text = document.getElementById('progress-text').textContent;
    return document.getElementById('phase').textContent === 'data' && /\((\d+)%\)/.test(text) &&
           Number(/\((\d+)%\)/.exec(text)[1]) >= 1 && Number(/\((\d+)%\)/.exec(text)[1]) < 80;
  }, null, { timeout: 90000, polling: 100 });
}

async function waitForOutcome() {
  await page.waitForSelector('#step-done:not([hidden])', { timeout: 150000 });
  return page.getAttribute('#outcome', 'data-outcome');
}

async function branchNames() {
  await page.click('#refresh-branches');
  await page.waitForTimeout(500);
  return page.$$eval('#branches tbody tr', (rows) => rows.map((row) => row.dataset.branch));
}

try {
  // 1. Connect: the printed URL carries the token, which becomes a cookie.
  await page.goto(url);
  expect(new URL(page.url()).search === '', 'the token is taken out of the address bar');
  await page.waitForSelector('#step-connect:not([hidden])');
  await screenshot('connect');

  // 2. A failing check: a wrong password.
  await connect(bad);
  await runChecks();
  expect((await page.getAttribute('#check-verdict', 'class')).includes('fail'), 'the check verdict says failed');
  expect(await page.isDisabled('#to-import'), 'import is not allowed while a check fails');
  expect(await page.locator('#findings tr[data-severity=fail]').count() >= 1, 'the failed finding is listed');
  await screenshot('check-failed');

  // 1-2 again with the right source; 3 import; 4 verification and next steps.
  await connect(shop);
  expect((await page.textContent('#connected')).includes('postgresql://'), 'the connection is shown, password-free');
  await runChecks();
  expect(!(await page.isDisabled('#to-import')), 'import is allowed when nothing fails');
  await screenshot('check-passed');
  await startImport('shop_web', 2, 'full');
  expect(await waitForOutcome() === 'complete', 'the shop import completes');
  const verified = await page.textContent('#verify-summary');
  expect(verified.includes('equal to the source'), `verification says equal (${verified})`);
  expect((await page.textContent('#branch-url')).includes('/shop_web'), 'the new connection string is shown');
  await screenshot('import-complete');
  await page.fill('#rename-to', 'shop_web_renamed');
  await page.click('#rename-button');
  await page.waitForSelector('#message.info');
  expect((await branchNames()).includes('shop_web_renamed'), 'rename shows in the branch list');
  await page.fill('#promote-as', 'shop_live');
  await page.click('#promote-button');
  await page.waitForFunction(() => document.getElementById('message').textContent.startsWith('Promoted'));
  expect((await branchNames()).includes('shop_live'), 'the promoted branch is listed under its new name');
  await screenshot('promoted');

  // 3 again: a reload mid-import reattaches; a second import meanwhile is refused.
  await page.click('#again-button');
  await connect(big);
  await runChecks();
  await startImport('big_reload', 1, 'counts');
  await waitForCopying();
  await screenshot('copying');
  const second = await page.evaluate(async () => {
    const response = await fetch('/api/import', { method: 'POST',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ branch: 'big_second' }) });
    return { status: response.status, body: await response.json() };
  });
  expect(second.status === 409 && second.body.error.includes('already running'),
         `a second import is refused: ${second.body.error}`);
  await page.reload();
  await page.waitForSelector('#step-import:not([hidden]) #progress:not([hidden])');
  await page.waitForFunction(() => document.querySelectorAll('#notes li').length > 0);
  expect((await page.textContent('#notes')).includes('data started'), 'the reloaded page replays what happened');
  await screenshot('reattached');
  expect(await waitForOutcome() === 'complete', 'the reattached import completes');
  expect((await page.textContent('#verify-summary')).includes('equal to the source'), 'and is verified equal');
  await screenshot('reattached-complete');

  // 3 once more: Cancel mid-copy leaves a failed branch, which step 4 deletes.
  await page.click('#again-button');
  await runChecks();
  await startImport('big_cancel', 1, 'counts');
  await waitForCopying();
  await page.click('#cancel-button');
  expect(await waitForOutcome() === 'cancelled', 'Cancel stops the import');
  expect((await page.textContent('#outcome')).includes('cancelled from the web page'), 'the reason is shown');
  await screenshot('cancelled');
  // The branch list refreshes on its own after the outcome: wait for it (a loaded machine
  // may take a moment), rather than reading it at once.
  const isListedFailed = await page.waitForFunction(() =>
      [...document.querySelectorAll('#branches tbody tr')].some((row) =>
          row.dataset.branch === 'big_cancel' && row.children[1].textContent === 'failed'),
      null, { timeout: 20000 }).then(() => true, () => false);
  expect(isListedFailed, 'the cancelled branch is listed as failed');
  await page.click('#delete-button');
  await page.waitForFunction(() => document.getElementById('message').textContent.startsWith('Deleted'));
  expect(!(await branchNames()).includes('big_cancel'), 'the failed branch is deleted');
  await screenshot('deleted');
} catch (error) {
  if (failures === 0) failures += 1;
  console.log(`FAIL: ${error.stack || error}`);
  await page.screenshot({ path: path.join(screenshots, 'failure.png'), fullPage: true }).catch(() => {});
} finally {
  for (const response of responses) noSecrets(response.text, `the response of ${response.url}`);
  log(`${responses.length} responses checked for passwords`);
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  if (server.exitCode === null) {
    const exited = new Promise((resolve) => server.on('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  try { noSecrets(serverOutput, "the server's output"); } catch (error) { /* counted */ }
  log(`server output:\n${serverOutput}`);
}
console.log(failures === 0 ? 'e2e: all steps passed' : `e2e: ${failures} failure(s)`);
process.exit(failures === 0 ? 0 : 1);
