/**
 * The suites as an auditor reads them: every scenario titled by its test ID, tagged with its IUT,
 * spec versions and optional features (all of which the feature catalogue knows), IDs unique, and
 * at least the number of scenarios the issue asks per IUT. Reads the .feature files, runs nothing.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AstBuilder, compile, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { IUT_ROLES } from '../../src/bench/config';
import { OPTIONAL_FEATURES } from '../../src/bench/optional-features';

const FEATURES = join(__dirname, '..', '..', '..', 'features');
const MINIMUM: Record<string, number> = { eim: 40, ipa: 20, euicc: 30, smdpp: 40 };
const ID = /^(EIM|IPAD|EUICC|DP)-[A-Z0-9]+(-[A-Z0-9]+)?-(NOM|ERR|RTY)-\d\d$/;

interface Scenario { file: string; name: string; tags: string[]; outline: string }

function scenarios(role: string): Scenario[] {
  const dir = join(FEATURES, role);
  const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.feature'));
  return files.flatMap((f) => {
    const uri = join(dir, f);
    const newId = IdGenerator.incrementing();
    const doc = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(readFileSync(uri, 'utf8'));
    return compile(doc, uri, newId).map((p) => ({ file: f, name: p.name, tags: p.tags.map((t) => t.name), outline: p.astNodeIds[0] }));
  });
}

describe('feature catalogue', () => {
  const all = IUT_ROLES.flatMap((role) => scenarios(role).map((s) => ({ ...s, role })));
  for (const role of IUT_ROLES) {
    it(`${role}: at least ${MINIMUM[role]} scenarios, each titled by its @id and tagged with its IUT and spec versions`, () => {
      const mine = all.filter((s) => s.role === role);
      assert.ok(mine.length >= MINIMUM[role], `${mine.length} scenarios`);
      for (const s of mine) {
        const ids = s.tags.filter((t) => t.startsWith('@id:')).map((t) => t.slice(4));
        assert.equal(ids.length, 1, `${s.file}: '${s.name}' has ${ids.length} @id tags`);
        assert.match(ids[0], ID, `${s.file}: '${s.name}'`);
        assert.ok(s.name.startsWith(`${ids[0]} `), `${s.file}: '${s.name}' does not start with ${ids[0]}`);
        assert.deepEqual(s.tags.filter((t) => t.startsWith('@iut:')), [`@iut:${role}`], `${s.file}: '${s.name}'`);
        const versions = s.tags.filter((t) => t.startsWith('@sgp32:'));
        assert.ok(versions.length > 0 && versions.every((v) => v === '@sgp32:v1.2' || v === '@sgp32:v1.0'), `${s.file}: '${s.name}' versions ${versions}`);
      }
    });
  }
  it('test IDs are unique across suites (rows of one Scenario Outline share theirs)', () => {
    const owner = new Map<string, string>();
    for (const s of all) {
      const id = s.tags.find((t) => t.startsWith('@id:'))!;
      const where = `${s.role}/${s.file}#${s.outline}`;
      assert.equal(owner.get(id) ?? where, where, `${id} is used twice`);
      owner.set(id, where);
    }
  });
  it('every @optional tag names a feature of the optional-features catalogue for that IUT', () => {
    for (const s of all) {
      for (const t of s.tags.filter((x) => x.startsWith('@optional:'))) {
        const f = OPTIONAL_FEATURES.find((x) => x.id === t.slice(10));
        assert.ok(f, `${s.role}/${s.file}: '${s.name}' uses unknown ${t}`);
        assert.equal(f.iut, s.role, `${t} belongs to ${f.iut}`);
      }
    }
  });
});
