/**
 * The HTML report as a reader sees it: one real suite scenario is run by `sgp32 run`, its report
 * opened in headless Chromium, and the scenario page must show the title, a decoded message and
 * the sequence diagram. A screenshot of that page is kept under reports/screenshots/. Skipped when
 * no Chromium binary is installed (CI installs Debian's `chromium`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { HtmlReportError, renderHtml } from '../../src/bench/report/html';
import { harnessIdentity } from '../../src/bench/report/package-info';

const MAIN = join(__dirname, '..', '..', 'src', 'cli', 'main.js');
/** Where `sgp32 run` of this build looks for features/ (see src/cli/run.ts). */
const PACKAGE_ROOT = resolve(__dirname, '..', '..', '..');
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));
const SUITES = ['smdpp', 'euicc', 'eim', 'ipa'];

interface Picked { iut: string; id: string; tags: string }

/**
 * The SM-DP+ end-to-end download on NIST (ES2+, ES9+ and APDUs in one scenario) when that suite is
 * there; otherwise the first nominal scenario without optional features of any suite.
 */
function pickScenario(): Picked | undefined {
  const flow = join(PACKAGE_ROOT, 'features', 'smdpp', 'download-flow.feature');
  if (existsSync(flow) && readFileSync(flow, 'utf8').includes('@id:DP-E2E-FLOW-NOM-01 ')) {
    return { iut: 'smdpp', id: 'DP-E2E-FLOW-NOM-01', tags: '@id:DP-E2E-FLOW-NOM-01 and @optional:O_DP_NIST' };
  }
  for (const iut of SUITES) {
    const dir = join(PACKAGE_ROOT, 'features', iut);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.feature')).sort()) {
      for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/^\s*(@[^\n]*)\n\s*Scenario:/gm)) {
        const id = /@id:(\S+)/.exec(m[1])?.[1];
        if (id && /-NOM-/.test(id) && !m[1].includes('@optional:')) return { iut, id, tags: `@id:${id}` };
      }
    }
  }
  return undefined;
}

const MIME: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.svg': 'image/svg+xml', '.css': 'text/css', '.png': 'image/png', '.txt': 'text/plain' };

/** A static server for the report folder (the awesome report fetches its data, which file:// forbids). */
async function serve(root: string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const rel = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const file = resolve(root, `.${rel.endsWith('/') ? `${rel}index.html` : rel}`);
    if (!file.startsWith(resolve(root)) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

interface StepJson { name: string; attachments?: { name: string; source: string; type: string }[]; steps?: StepJson[] }

/** The scenario's result and a message attachment with a decoded field, read from the results. */
function evidence(results: string, id: string) {
  const file = readdirSync(results).find((f) => f.endsWith('-result.json') && readFileSync(join(results, f), 'utf8').includes(`"${id}"`));
  assert.ok(file, `no Allure result for ${id}`);
  const result = JSON.parse(readFileSync(join(results, file), 'utf8')) as { name: string; steps: StepJson[] };
  for (const step of result.steps) {
    for (const sub of step.steps ?? []) {
      const a = sub.attachments?.find((x) => x.name.startsWith('#') && x.type === 'application/json');
      if (!a) continue;
      const decoded = (JSON.parse(readFileSync(join(results, a.source), 'utf8')) as { decoded?: unknown }).decoded;
      const field = decoded && typeof decoded === 'object' ? Object.keys(decoded)[0] : undefined;
      if (field) return { result, step: step.name, attachment: a.name, field };
    }
  }
  assert.fail(`the report of ${id} has no message attachment with a decoded field`);
}

async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], timeout: 30_000 });
}

/** Opens `url`, checks the scenario page, returns the page (left open for a screenshot). */
async function checkScenarioPage(browser: Browser, url: string, e: ReturnType<typeof evidence>): Promise<Page> {
  const title = e.result.name;
  const page = await browser.newPage({ viewport: { width: 1400, height: 2400 } });
  page.setDefaultTimeout(15_000);
  await page.goto(url);
  await page.getByText(title, { exact: true }).first().waitFor({ state: 'visible' });

  // A decoded message: open the step that caused it, then its attachment.
  await page.getByText(e.step, { exact: true }).first().click();
  await page.getByText(e.attachment, { exact: true }).first().click();
  await page.getByText(`"${e.field}"`).first().waitFor({ state: 'visible' });

  // The sequence diagram hangs on the last step; it is shown as an image that must have loaded.
  const last = e.result.steps[e.result.steps.length - 1].name;
  if (last !== e.step) await page.getByText(last, { exact: true }).first().click();
  await page.getByText('sequence diagram', { exact: true }).first().click();
  const img = page.locator('[data-testid="image-attachment-content"] img').first();
  await img.waitFor({ state: 'visible' });
  await img.scrollIntoViewIfNeeded();
  const width = await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth);
  assert.ok(width > 100, `the sequence diagram rendered ${width} px wide`);
  return page;
}

test('the HTML report shows a real scenario: title, decoded message, sequence diagram', { skip: CHROMIUM ? false : 'no Chromium binary (install Debian chromium or set CHROMIUM_PATH)', timeout: 240_000 }, async (t) => {
  const picked = pickScenario();
  if (!picked) {
    t.skip(`no suite scenario under ${join(PACKAGE_ROOT, 'features')}`);
    return;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'sgp32-html-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const run = spawnSync(process.execPath, [MAIN, 'run', '--iut', picked.iut, '--tags', picked.tags, '--reports', tmp], { encoding: 'utf8', timeout: 180_000 });
  assert.equal(run.status, 0, `sgp32 run ${picked.id}:\n${run.stdout}${run.stderr}`);
  assert.match(run.stdout, new RegExp(`^pass  ${picked.id} `, 'm'));

  const report = join(tmp, 'allure-report');
  const html = readFileSync(join(report, 'index.html'), 'utf8');
  assert.ok(!html.includes('googletagmanager'), 'the report does not call out to analytics');
  const e = evidence(join(tmp, 'allure-results'), picked.id);
  const { url, server } = await serve(report);
  const browser = await launch();
  t.after(async () => { await browser.close(); server.close(); });

  const page = await checkScenarioPage(browser, `${url}/index.html#/${testResultId(report, e.result.name)}`, e);
  const shots = join(harnessIdentity().root ?? PACKAGE_ROOT, 'reports', 'screenshots');
  mkdirSync(shots, { recursive: true });
  const png = join(shots, 'scenario.png');
  writeFileSync(png, await page.screenshot());
  console.log(`screenshot of ${picked.id}: ${png}`);

  // The same results as one self-contained file, opened straight from disk.
  const single = join(tmp, 'single');
  await renderHtml(join(tmp, 'allure-results'), single, { singleFile: true, name: 'single' });
  assert.ok(!existsSync(join(single, 'data')), 'single-file mode embeds the data in index.html');
  await checkScenarioPage(browser, `${pathToFileURL(join(single, 'index.html')).href}#/${testResultId(report, e.result.name)}`, e);
});

/** The report's id of the test result named `name` (its data file name; the same in single-file mode). */
function testResultId(report: string, name: string): string {
  const dir = join(report, 'data', 'test-results');
  const file = readdirSync(dir).find((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { name?: string }).name === name);
  assert.ok(file, `the report has no test result named ${name}`);
  return file.replace(/\.json$/, '');
}

test('renderHtml fails with a typed error instead of overwriting or hanging', async (t) => {
  const tmp = mkdtempSync(join(tmpdir(), 'sgp32-html-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  await assert.rejects(renderHtml(join(tmp, 'nothing'), join(tmp, 'out')), (e: unknown) => e instanceof HtmlReportError && /no Allure results/.test(e.message));
  mkdirSync(join(tmp, 'results'));
  mkdirSync(join(tmp, 'precious'));
  writeFileSync(join(tmp, 'precious', 'notes.txt'), 'mine');
  await assert.rejects(renderHtml(join(tmp, 'results'), join(tmp, 'precious')), /refusing to overwrite/);
  assert.equal(readFileSync(join(tmp, 'precious', 'notes.txt'), 'utf8'), 'mine');
  await assert.rejects(renderHtml(join(tmp, 'results'), join(tmp, 'precious', 'notes.txt')), /is a file/);
});
