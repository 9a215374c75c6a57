/** Every (module, version, type) the codec knows, for tests that sweep the whole schema. */
import { codec, Codec, MODULE_NAMES, SPEC_VERSIONS } from '../../src/asn1';

export interface TypeCase { label: string; codec: Codec; type: string }

export function allTypes(): TypeCase[] {
  const out: TypeCase[] = [];
  for (const module of MODULE_NAMES) {
    for (const version of module === 'SGP32Definitions' ? SPEC_VERSIONS : [SPEC_VERSIONS[0]]) {
      const c = codec(module, version);
      for (const type of c.types()) out.push({ label: `${module}${module === 'SGP32Definitions' ? ' ' + version : ''} ${type}`, codec: c, type });
    }
  }
  return out;
}
