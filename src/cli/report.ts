/**
 * `sgp32 report`: what can be done with a run's evidence after the run. `verify` checks every
 * result file against the run's manifest (exit 1 naming each changed, missing or extra file);
 * `html` renders the HTML report again from the results, e.g. as one self-contained file.
 */
import { join, resolve } from 'node:path';
import { HtmlReportError, renderHtml } from '../bench/report/html';
import { describeProblem, ManifestError, readReportManifest, verifyManifest } from '../bench/report/manifest';
import { allowOnly, option, parseArgs, UsageError } from './args';

export const REPORT_USAGE = `sgp32 report verify DIR
  checks DIR/allure-results and DIR/junit.xml against DIR/manifest.json (written by sgp32 run):
  exit 0 when every file is as the run wrote it, 1 naming each changed, missing or extra file.
sgp32 report html DIR [--single-file] [--out OUT] [--name TITLE]
  renders the HTML report again from DIR/allure-results (default OUT: DIR/allure-report).`;

export async function reportCommand(argv: readonly string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const args = parseArgs(rest, ['single-file']);
  const [dir, ...more] = args.positional;
  if (sub !== 'verify' && sub !== 'html') throw new UsageError(`sgp32 report verify|html DIR\n\n${REPORT_USAGE}`);
  if (!dir || more.length) throw new UsageError(`sgp32 report ${sub} takes one reports directory`);
  const reports = resolve(dir);
  try {
    if (sub === 'verify') {
      allowOnly(args, []);
      const files = readReportManifest(reports).files.length;
      const problems = verifyManifest(reports);
      for (const p of problems) console.log(describeProblem(p));
      if (problems.length) {
        console.log(`${problems.length} problem${problems.length === 1 ? '' : 's'}: the evidence in ${reports} is not what the run wrote`);
        return 1;
      }
      console.log(`${files} files verified`);
      return 0;
    }
    allowOnly(args, ['single-file', 'out', 'name']);
    const out = resolve(option(args, 'out') ?? join(reports, 'allure-report'));
    await renderHtml(join(reports, 'allure-results'), out, { singleFile: args.options.has('single-file'), name: option(args, 'name') });
    console.log(`report: ${join(out, 'index.html')}`);
    return 0;
  } catch (e) {
    if (e instanceof ManifestError || e instanceof HtmlReportError) {
      console.error(`sgp32 report: ${e.message}`);
      return 1;
    }
    throw e;
  }
}
