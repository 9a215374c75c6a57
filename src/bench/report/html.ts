/**
 * The HTML report, rendered from Allure results by the `allure` CLI (v3, pure Node: offline, no
 * Java). A throw-away allurerc carries what the command line cannot say (the awesome plugin's
 * single-file mode). The CLI runs as a child process so a hang is bounded and its stderr is kept.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export interface HtmlOptions {
  /** One self-contained index.html (opens from file://, can be mailed) instead of a site. */
  singleFile?: boolean;
  /** The report's title. */
  name?: string;
  /** Milliseconds the CLI may take (default 120 s). */
  timeout?: number;
}

/** The allure CLI failed, timed out or could not be found; `stderr` is what it said. */
export class HtmlReportError extends Error {
  constructor(message: string, readonly stderr = '') {
    super(stderr.trim() ? `${message}:\n${stderr.trim()}` : message);
    this.name = 'HtmlReportError';
  }
}

export async function renderHtml(results: string, out: string, o: HtmlOptions = {}): Promise<void> {
  const [resultsDir, outDir] = [resolve(results), resolve(out)];
  if (!existsSync(resultsDir)) throw new HtmlReportError(`no Allure results at ${resultsDir}`);
  clearOutput(outDir);
  const work = mkdtempSync(join(tmpdir(), 'sgp32-allure-'));
  try {
    const name = o.name ?? 'sgp32-harness';
    const rc = join(work, 'allurerc.json');
    // The tree groups by IUT (the parentSuite label `sgp32 run` sets from @iut) and then by feature.
    const awesome = { singleFile: !!o.singleFile, reportName: name, groupBy: ['parentSuite', 'feature'] };
    writeFileSync(rc, JSON.stringify({ name, output: outDir, plugins: { awesome: { options: awesome } } }));
    await runCli(['generate', resultsDir, '--config', rc, '--output', outDir], work, o.timeout ?? 120_000);
    const index = join(outDir, 'index.html');
    if (!existsSync(index)) throw new HtmlReportError(`allure generate wrote no ${index}`);
    writeFileSync(index, withoutAnalytics(readFileSync(index, 'utf8')));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The awesome template always loads Google Analytics with the report's UUID. Conformance evidence
 * is opened in labs and offline; it must not call out, so the two analytics scripts are removed.
 */
export function withoutAnalytics(html: string): string {
  return html.replace(/<script async src="https:\/\/www\.googletagmanager\.com\/[^"]*"><\/script>\s*<script>[^<]*?gtag\([^<]*<\/script>/, '');
}

/** A re-render replaces an earlier report, but never a folder that holds something else. */
function clearOutput(dir: string): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new HtmlReportError(`${dir} is a file, not a folder for the report`);
  if (readdirSync(dir).length === 0) return;
  if (!existsSync(join(dir, 'index.html'))) throw new HtmlReportError(`${dir} exists and is not an earlier report; refusing to overwrite it`);
  rmSync(dir, { recursive: true, force: true });
}

/** The CLI script of the `allure` package (its exports map hides package.json, so walk up to it). */
function allureCli(): string {
  let dir: string;
  try {
    dir = dirname(require.resolve('allure'));
  } catch {
    throw new HtmlReportError('the allure package is not installed (npm install)');
  }
  for (; dirname(dir) !== dir; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (!existsSync(pkg)) continue;
    const { name, bin } = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string; bin?: string | Record<string, string> };
    if (name !== 'allure') continue;
    const script = typeof bin === 'string' ? bin : bin?.allure;
    if (script) return join(dir, script);
  }
  throw new HtmlReportError('the allure package has no CLI script');
}

function runCli(args: string[], cwd: string, timeout: number): Promise<void> {
  const cli = allureCli();
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '', stdout = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new HtmlReportError(`allure generate did not finish in ${timeout} ms`, stderr));
    }, timeout);
    child.on('error', (e) => { clearTimeout(timer); fail(new HtmlReportError(`allure could not start: ${e.message}`)); });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) done();
      else fail(new HtmlReportError(`allure generate exited with ${code}`, stderr || stdout));
    });
  });
}
