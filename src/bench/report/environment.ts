/**
 * The report's environment section: what an auditor needs to tie the evidence to the code, the
 * configuration and the credentials that produced it. Secrets never appear: the configuration is
 * identified by the SHA-256 of its redacted canonical JSON (config-file.ts), the PKI by certificate
 * fingerprints.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest } from '../../pki/manifest';
import { fromPem } from '../../pki/pem';
import { HarnessConfig, IUT_ROLES } from '../config';
import { configHash } from '../config-file';
import { harnessIdentity } from './package-info';

export function environmentInfo(config: HarnessConfig, raw: unknown, roles: readonly string[]): Record<string, string> {
  const me = harnessIdentity();
  const env: Record<string, string> = {
    'harness version': me.version,
    'harness commit': me.commit + (me.modified ? ' (with uncommitted changes)' : ''),
    'SGP.32 version': config.version,
    suites: roles.join(', '),
    configuration: raw === undefined ? 'embedded default' : `sha256:${configHash(raw)}`,
    curves: config.curves.join(', '),
  };
  for (const role of IUT_ROLES) {
    const iut = config.iut[role];
    env[`IUT ${role}`] = iut ? iut.identity ?? 'configured IUT (no identity given)' : 'built-in simulator';
  }
  const insecure = insecureTls(config);
  if (insecure.length) env['TLS verification OFF'] = insecure.join(', ');
  const declared = Object.keys(config.features).filter((f) => config.features[f]).sort();
  env['optional features declared'] = declared.length ? declared.join(', ') : 'none';
  Object.assign(env, pkiFingerprints(config.pki, raw));
  return env;
}

/**
 * SHA-256 of the DER of every valid certificate in the run's PKI (`<curve>/<role>` → hex). The
 * defective variants are left out: they are test inputs, not the credentials the IUTs trust.
 */
export function pkiFingerprints(dir: string | undefined, raw?: unknown): Record<string, string> {
  if (!dir || !existsSync(join(dir, 'manifest.json'))) return { PKI: 'none' };
  const given = typeof raw === 'object' && raw !== null && 'pki' in raw;
  const out: Record<string, string> = { PKI: given ? `from the configuration (${dir})` : 'generated for this run' };
  for (const e of readManifest(dir).entries.filter((x) => x.valid)) {
    const [der] = fromPem(readFileSync(join(dir, e.cert), 'utf8'), 'CERTIFICATE');
    if (der) out[`PKI ${e.id}`] = `sha256:${sha256(der)}`;
  }
  return out;
}

function insecureTls(config: HarnessConfig): string[] {
  const { eim, smdpp } = config.iut;
  return [
    eim?.esipa.tls?.insecure ? 'eim ESipa' : '',
    smdpp?.tls?.insecure ? 'smdpp ES9+' : '',
    smdpp?.es2Tls?.insecure ? 'smdpp ES2+' : '',
  ].filter(Boolean);
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
