/**
 * Every error and retry case of the SM-DP+ catalogue (reference sgp33-catalog §4) has a test here:
 * the IDs are read from the titles of the compiled test files next to this one (a title starts with
 * its ID, possibly followed by more: `ERR-01..06`, `ERR-01/02`, `ERR-06 / RTY-11`,
 * `NOM-02 / CANCEL-ERR-01`), or from the ID tables titles are built from, and matched against the
 * catalogue's list, kept here as a constant (the project never reads the reference at run time).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** sgp33-catalog §4: every ERR and RTY id, and the session timeout case (a refusal too: 8.10.1 / 3.9). */
const CATALOGUE_IDS: readonly string[] = [
  'DP-ES9P-INITAUTH-ERR-01', 'DP-ES9P-INITAUTH-ERR-02', 'DP-ES9P-INITAUTH-ERR-03', 'DP-ES9P-INITAUTH-ERR-04',
  'DP-ES9P-AUTHCL-ERR-01', 'DP-ES9P-AUTHCL-ERR-02', 'DP-ES9P-AUTHCL-ERR-03', 'DP-ES9P-AUTHCL-ERR-04', 'DP-ES9P-AUTHCL-ERR-05',
  'DP-ES9P-AUTHCL-ERR-06', 'DP-ES9P-AUTHCL-ERR-07', 'DP-ES9P-AUTHCL-ERR-08', 'DP-ES9P-AUTHCL-ERR-09', 'DP-ES9P-AUTHCL-ERR-10',
  'DP-ES9P-AUTHCL-ERR-11', 'DP-ES9P-AUTHCL-ERR-12', 'DP-ES9P-AUTHCL-ERR-13', 'DP-ES9P-AUTHCL-ERR-14', 'DP-ES9P-AUTHCL-ERR-15',
  'DP-ES9P-AUTHCL-ERR-16', 'DP-ES9P-AUTHCL-ERR-17', 'DP-ES9P-AUTHCL-ERR-18', 'DP-ES9P-AUTHCL-ERR-19', 'DP-ES9P-AUTHCL-ERR-20',
  'DP-ES9P-AUTHCL-ERR-21', 'DP-ES9P-AUTHCL-RTY-01',
  'DP-ES9P-GBPP-RTY-01', 'DP-ES9P-GBPP-RTY-02', 'DP-ES9P-GBPP-RTY-03', 'DP-ES9P-GBPP-RTY-04', 'DP-ES9P-GBPP-RTY-05',
  'DP-ES9P-GBPP-RTY-06', 'DP-ES9P-GBPP-RTY-07', 'DP-ES9P-GBPP-RTY-08', 'DP-ES9P-GBPP-RTY-09', 'DP-ES9P-GBPP-RTY-10',
  'DP-ES9P-GBPP-RTY-11', 'DP-ES9P-GBPP-RTY-12', 'DP-ES9P-GBPP-RTY-13', 'DP-ES9P-GBPP-RTY-14', 'DP-ES9P-GBPP-RTY-15',
  'DP-ES9P-GBPP-ERR-01', 'DP-ES9P-GBPP-ERR-02', 'DP-ES9P-GBPP-ERR-03', 'DP-ES9P-GBPP-ERR-04', 'DP-ES9P-GBPP-ERR-05',
  'DP-ES9P-GBPP-ERR-06',
  'DP-ES9P-CANCEL-ERR-01', 'DP-ES9P-CANCEL-ERR-02', 'DP-ES9P-CANCEL-ERR-03', 'DP-ES9P-CANCEL-ERR-04',
  'DP-ES9P-CANCEL-ERR-05', 'DP-ES9P-CANCEL-ERR-06', 'DP-ES9P-CANCEL-ERR-07', 'DP-ES9P-CANCEL-ERR-08',
  'DP-ES2P-DLORDER-ERR-01', 'DP-ES2P-DLORDER-ERR-02',
  'DP-ES2P-CONFIRM-ERR-01', 'DP-ES2P-CONFIRM-ERR-02', 'DP-ES2P-CONFIRM-ERR-03', 'DP-ES2P-CONFIRM-ERR-04', 'DP-ES2P-CONFIRM-ERR-05',
  'DP-ES2P-CONFIRM-ERR-06',
  'DP-ES2P-CANCEL-ERR-01', 'DP-ES2P-CANCEL-ERR-02', 'DP-ES2P-CANCEL-ERR-03', 'DP-ES2P-CANCEL-ERR-04',
  'DP-TLS-ES2P-ERR-01', 'DP-ES9P-HTTP-ERR-01', 'DP-TLS-ES9P-ERR-01',
  'DP-ES9P-TIMEOUT-NOM-01',
];

const HEAD = /^DP-([A-Z0-9]+)-([A-Z0-9]+)-(NOM|ERR|RTY)-(\d{2})(?!\d|\.\d)/;
/** `..NN` (a range) or `/NN`, `/ KIND-NN`, `/ FUNC-KIND-NN` (one more, sharing what it leaves out). */
const MORE = /^(?:\.\.(\d{2})|\s*\/\s*(?:(?:([A-Z0-9]+)-)?(NOM|ERR|RTY)-)?(\d{2}))(?!\d|\.\d)/;

/** The IDs a title starts with. */
function idsOfTitle(title: string): string[] {
  const head = HEAD.exec(title);
  if (!head) return [];
  const [, iface] = head;
  let [, , fn, kind, nn] = head;
  const id = () => `DP-${iface}-${fn}-${kind}-${nn}`;
  const out = [id()];
  let rest = title.slice(head[0].length);
  for (let m = MORE.exec(rest); m; rest = rest.slice(m[0].length), m = MORE.exec(rest)) {
    if (m[1] !== undefined) {
      for (let n = Number(nn) + 1; n <= Number(m[1]); n++) {
        nn = String(n).padStart(2, '0');
        out.push(id());
      }
      continue;
    }
    fn = m[2] ?? fn;
    kind = m[3] ?? kind;
    nn = m[4];
    out.push(id());
  }
  return out;
}

/** String and template literals of a compiled test file that start with a test ID (their literal part). */
function titlesIn(source: string): string[] {
  const titles: string[] = [];
  for (const m of source.matchAll(/(['"`])((?:\\.|(?!\1)[^\\\n])*)\1/g)) {
    const text = m[2].replace(/\\'/g, "'");
    if (HEAD.test(text)) titles.push(text);
  }
  return titles;
}

describe('SM-DP+ catalogue coverage', () => {
  it('reads IDs from titles with ranges, lists and abbreviations', () => {
    assert.deepEqual(idsOfTitle('DP-ES2P-CONFIRM-ERR-01..03 unknown'), ['DP-ES2P-CONFIRM-ERR-01', 'DP-ES2P-CONFIRM-ERR-02', 'DP-ES2P-CONFIRM-ERR-03']);
    assert.deepEqual(idsOfTitle('DP-ES2P-DLORDER-ERR-01/02 ICCID'), ['DP-ES2P-DLORDER-ERR-01', 'DP-ES2P-DLORDER-ERR-02']);
    assert.deepEqual(idsOfTitle('DP-ES9P-GBPP-ERR-06 / RTY-11 wrong code: 8.2.7 / 3.8'), ['DP-ES9P-GBPP-ERR-06', 'DP-ES9P-GBPP-RTY-11']);
    assert.deepEqual(idsOfTitle('DP-ES2P-CANCEL-NOM-01 / ERR-01..02 CancelOrder'), ['DP-ES2P-CANCEL-NOM-01', 'DP-ES2P-CANCEL-ERR-01', 'DP-ES2P-CANCEL-ERR-02']);
    assert.deepEqual(idsOfTitle('DP-ES9P-GBPP-RTY-02 / AUTHCL-RTY-01 retries'), ['DP-ES9P-GBPP-RTY-02', 'DP-ES9P-AUTHCL-RTY-01']);
    assert.deepEqual(idsOfTitle('DP-ES9P-INITAUTH-ERR-01 another address: 8.8.1 / 3.8'), ['DP-ES9P-INITAUTH-ERR-01']);
    assert.deepEqual(idsOfTitle('S_SM-DP+ DP-ES9P-INITAUTH-ERR-01'), [], 'only a leading ID counts');
  });

  it('every catalogue §4 ERR / RTY id has a test, and no title names an id outside the catalogue', (t) => {
    const here = basename(__filename);
    const covered = new Map<string, string[]>();
    for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && f !== here).sort()) {
      for (const title of titlesIn(readFileSync(join(__dirname, file), 'utf8'))) {
        for (const id of idsOfTitle(title)) covered.set(id, [...(covered.get(id) ?? []), `${file}: ${title}`]);
      }
    }
    for (const id of CATALOGUE_IDS) t.diagnostic(`${id}  <-  ${covered.get(id)?.join(' | ') ?? 'MISSING'}`);
    const missing = CATALOGUE_IDS.filter((id) => !covered.has(id));
    assert.deepEqual(missing, [], `catalogue ids without a test: ${missing.join(', ')}`);
    const unknown = [...covered.keys()].filter((id) => /-(ERR|RTY)-/.test(id) && !CATALOGUE_IDS.includes(id));
    assert.deepEqual(unknown, [], `titles name ids the catalogue does not have: ${unknown.join(', ')}`);
  });
});
