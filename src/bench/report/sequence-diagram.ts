/**
 * The scenario's sequence diagram as standalone SVG, drawn from the trace alone: one lifeline per
 * participant in the order they first appear, one arrow per message (`#seq title`, APDUs included),
 * coloured by interface, with the time since the first message at the left. The output depends on
 * the messages only (no clock, no random ids), so the same trace always gives the same bytes.
 */
import { TraceInterface } from '../../transport/trace';
import { TracedMessage } from '../trace';

/** Interface colours, also listed in the legend so the diagram reads without the tooltip. */
const COLOURS: Record<TraceInterface, string> = {
  esipa: '#1f6fb4',
  es9plus: '#23883b',
  es2plus: '#7b4ab0',
  apdu: '#c2561a',
};
const LABELS: Record<TraceInterface, string> = { esipa: 'ESipa', es9plus: 'ES9+', es2plus: 'ES2+', apdu: 'APDU (ES10)' };

// Geometry: monospace text so a title's width is known without measuring it.
const CHAR = 6.6;
const FONT = 11;
const TIME_W = 78;
const TOP = 28;
const HEAD = 26;
const ROW = 19;
const PAD = 12;
/** Lanes share about this width (reports show the image about this wide), within readable bounds. */
const TARGET_W = 1000;

export function sequenceDiagramSvg(messages: readonly TracedMessage[]): string {
  const names: string[] = [];
  for (const m of messages) for (const p of [m.from, m.to]) if (!names.includes(p)) names.push(p);
  const lane = Math.round(Math.min(420, Math.max(200, TARGET_W / Math.max(names.length, 1))));
  const x = (p: string) => TIME_W + lane * names.indexOf(p) + lane / 2;
  const width = TIME_W + lane * Math.max(names.length, 1) + PAD;
  const firstRow = TOP + HEAD + 16;
  const height = firstRow + ROW * messages.length + PAD;
  const used = (Object.keys(COLOURS) as TraceInterface[]).filter((i) => messages.some((m) => m.interface === i));

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="${FONT}">`,
    '<defs>',
    ...used.map((i) => `<marker id="head-${i}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${COLOURS[i]}"/></marker>`),
    '</defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (!messages.length) {
    out.push(`<text x="${PAD}" y="${TOP}" fill="#555555">no messages were exchanged</text>`, '</svg>');
    return out.join('\n');
  }

  // Legend, then the participants' heads and lifelines.
  out.push(`<text x="${PAD}" y="16" fill="#555555">time</text>`);
  let lx = TIME_W;
  for (const i of used) {
    out.push(`<line x1="${lx}" y1="12" x2="${lx + 22}" y2="12" stroke="${COLOURS[i]}" stroke-width="2"/><text x="${lx + 28}" y="16" fill="${COLOURS[i]}">${esc(LABELS[i])}</text>`);
    lx += 40 + CHAR * LABELS[i].length;
  }
  for (const p of names) {
    const cx = x(p);
    const label = fit(p, Math.floor((lane - 16) / CHAR));
    out.push(
      `<g class="participant"><title>${esc(p)}</title>`
        + `<rect x="${cx - lane / 2 + 6}" y="${TOP}" width="${lane - 12}" height="${HEAD}" rx="4" fill="#f2f4f7" stroke="#8a94a6"/>`
        + `<text x="${cx}" y="${TOP + HEAD / 2 + 4}" text-anchor="middle" font-weight="bold" fill="#1d2330">${esc(label)}</text></g>`,
      `<line x1="${cx}" y1="${TOP + HEAD}" x2="${cx}" y2="${height - PAD / 2}" stroke="#c3c9d4" stroke-dasharray="4 3"/>`,
    );
  }

  const t0 = messages[0].time;
  messages.forEach((m, i) => {
    const y = firstRow + ROW * i + ROW - 5;
    const colour = COLOURS[m.interface] ?? '#333333';
    const [x1, x2] = [x(m.from), x(m.to)];
    const full = `#${m.seq} ${label(m)}`;
    const tip = `#${m.seq} ${m.from} → ${m.to}: ${m.title}\n${LABELS[m.interface] ?? m.interface} ${m.endpoint}\n+${offset(m.time - t0)}`;
    const parts = [`<g class="message"><title>${esc(tip)}</title>`, `<text x="${PAD}" y="${y}" fill="#6b7280">+${offset(m.time - t0)}</text>`];
    if (x1 === x2) {
      // A participant talking to itself: a small loop to the right, label beside it.
      parts.push(
        `<path d="M${x1},${y - 8} h24 v8 h-24" fill="none" stroke="${colour}" stroke-width="1.5" marker-end="url(#head-${m.interface})"/>`,
        `<text x="${x1 + 30}" y="${y - 2}" fill="${colour}">${esc(fit(full, Math.floor((lane / 2 - 36) / CHAR)))}</text>`,
      );
    } else {
      const [left, right] = [Math.min(x1, x2), Math.max(x1, x2)];
      parts.push(
        `<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="${colour}" stroke-width="1.5" marker-end="url(#head-${m.interface})"/>`,
        `<text x="${left + 8}" y="${y - 4}" fill="${colour}">${esc(fit(full, Math.floor((right - left - 16) / CHAR)))}</text>`,
      );
    }
    parts.push('</g>');
    out.push(parts.join(''));
  });
  out.push('</svg>');
  return out.join('\n');
}

/**
 * The message's title; a JSON or empty HTTP body says nothing by itself, so it is prefixed with the
 * function its URL names (`initiateAuthentication JSON`).
 */
function label(m: TracedMessage): string {
  if (m.interface === 'apdu' || !(m.title === 'JSON' || m.title.startsWith('('))) return m.title;
  const fn = /\/([A-Za-z][\w-]*)\/?(?:[?#].*)?$/.exec(m.endpoint)?.[1];
  return fn ? `${fn} ${m.title}` : m.title;
}

/** `text`, cut to `max` characters with an ellipsis (the full text is in the row's tooltip). */
function fit(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

function offset(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(3)} s`;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}
