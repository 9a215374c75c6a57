import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sequenceDiagramSvg } from '../../src/bench/report/sequence-diagram';
import { TracedMessage } from '../../src/bench/trace';
import { TraceInterface } from '../../src/transport/trace';

function msg(seq: number, from: string, to: string, title: string, iface: TraceInterface = 'esipa', time = 1_700_000_000_000 + seq * 7): TracedMessage {
  return { seq, time, interface: iface, from, to, endpoint: 'https://127.0.0.1:1/gsma/rsp2/asn1', title, hex: '00' };
}

const trace = [
  msg(1, 'S_IPA', 'eIM (IUT)', 'GetEimPackageRequest'),
  msg(2, 'eIM (IUT)', 'S_IPA', 'GetEimPackageResponse'),
  msg(3, 'S_IPA', 'S_eUICC', 'C-APDU STORE DATA: LoadEuiccPackageRequest', 'apdu'),
  msg(4, 'S_eUICC', 'S_IPA', 'R-APDU 9000', 'apdu'),
  msg(5, 'S_IPA', 'S_SM-DP+', 'InitiateAuthenticationRequest', 'es9plus'),
];

const count = (svg: string, needle: string) => svg.split(needle).length - 1;

test('one lifeline per participant in first-seen order, one arrow per message', () => {
  const svg = sequenceDiagramSvg(trace);
  assert.equal(count(svg, 'class="participant"'), 4);
  assert.equal(count(svg, 'class="message"'), trace.length);
  const heads = [...svg.matchAll(/<g class="participant"><title>([^<]*)<\/title>/g)].map((m) => m[1]);
  assert.deepEqual(heads, ['S_IPA', 'eIM (IUT)', 'S_eUICC', 'S_SM-DP+']);
  assert.match(svg, />#3 C-APDU STORE DATA: LoadEuiccPackageRequest</, 'APDU arrows are drawn and labelled like the others');
});

test('interfaces are coloured and named in the legend; times are offsets from the first message', () => {
  const svg = sequenceDiagramSvg(trace);
  for (const name of ['ESipa', 'ES9+', 'APDU (ES10)']) assert.ok(svg.includes(`>${name}<`), name);
  assert.ok(!svg.includes('>ES2+<'), 'an interface the scenario did not use is not in the legend');
  assert.match(svg, />\+0 ms</);
  assert.match(svg, />\+28 ms</);
});

test('JSON and empty HTTP bodies are labelled with the function their URL names', () => {
  const json = { ...msg(1, 'S_IPA', 'SM-DP+ (IUT)', 'JSON', 'es9plus'), endpoint: 'https://127.0.0.1:8443/gsma/rsp2/es9plus/initiateAuthentication' };
  const empty = { ...msg(2, 'SM-DP+ (IUT)', 'S_IPA', '(empty body)', 'es9plus'), endpoint: 'https://127.0.0.1:8443/gsma/rsp2/es9plus/handleNotification' };
  const svg = sequenceDiagramSvg([json, empty]);
  assert.match(svg, />#1 initiateAuthentication JSON</);
  assert.match(svg, />#2 handleNotification \(empty body\)</);
});

test('text is XML-escaped', () => {
  const svg = sequenceDiagramSvg([msg(1, 'A<&>"\'', 'B', '<script>alert("x")</script> & more')]);
  assert.ok(!svg.includes('<script>'));
  assert.ok(svg.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more'));
  assert.ok(svg.includes('A&lt;&amp;&gt;&quot;&apos;'));
  // Every '&' starts an entity, every '<' a tag: the document stays well formed.
  assert.ok(!/&(?!(amp|lt|gt|quot|apos);)/.test(svg));
  assert.ok(!/<(?![a-z/?!])/.test(svg));
});

test('long titles are cut with an ellipsis and kept whole in the tooltip', () => {
  const long = `ProvideEimPackageResult ${'x'.repeat(200)} END`;
  const svg = sequenceDiagramSvg([msg(1, 'S_IPA', 'eIM (IUT)', long)]);
  const visible = /<text [^>]*fill="#1f6fb4">([^<]*)<\/text><\/g>/.exec(svg)?.[1] ?? '';
  assert.ok(visible.endsWith('…') && visible.length < long.length / 2, visible);
  assert.ok(svg.includes(`<title>#1 S_IPA → eIM (IUT): ${long}`));
});

test('deterministic: the same messages give the same bytes, whenever they were sent', () => {
  const later = trace.map((m) => ({ ...m, time: m.time + 86_400_000 }));
  assert.equal(sequenceDiagramSvg(trace), sequenceDiagramSvg(trace));
  assert.equal(sequenceDiagramSvg(later), sequenceDiagramSvg(trace));
});

test('an empty trace is a small valid diagram that says so', () => {
  const svg = sequenceDiagramSvg([]);
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(svg, /<\/svg>$/);
  assert.match(svg, /no messages/);
  assert.equal(count(svg, 'class="message"'), 0);
});

test('100 messages stay compact', () => {
  const many = Array.from({ length: 100 }, (_, i) => msg(i + 1, i % 2 ? 'eIM (IUT)' : 'S_IPA', i % 2 ? 'S_IPA' : 'eIM (IUT)', `Message ${i + 1}`));
  const svg = sequenceDiagramSvg(many);
  const height = Number(/height="(\d+)"/.exec(svg)?.[1]);
  assert.equal(count(svg, 'class="message"'), 100);
  assert.ok(height < 2200, `height ${height}`);
});
