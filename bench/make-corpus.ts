/** Writes bench/corpus/sgp32-mixed.jsonl (run: node dist/bench/make-corpus.js). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCorpus } from './corpus';

const dir = join(__dirname, '..', '..', 'bench', 'corpus');
mkdirSync(dir, { recursive: true });
const lines = buildCorpus();
writeFileSync(join(dir, 'sgp32-mixed.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
console.log(`${lines.length} vectors written to ${join(dir, 'sgp32-mixed.jsonl')}`);
