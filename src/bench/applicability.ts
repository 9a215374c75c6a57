/**
 * Whether a scenario applies to the configured IUT, like the applicability column of the SGP.33
 * Optional Features Table: `@optional:O_X` needs feature O_X declared supported, `@sgp32:v1.x` tags
 * list the spec versions the scenario is written for. The built-in simulators support every feature
 * in the catalogue, so with the embedded default an undeclared feature counts as supported; for a
 * vendor's IUT an undeclared feature counts as not supported.
 */
import { HarnessConfig, IutRole } from './config';

export interface OptionalFeature {
  /** Mnemonic as used in tags, e.g. `O_E_JSON_BINDING`. */
  readonly id: string;
  readonly iut: IutRole;
  readonly description: string;
}

/** How every skip reason starts; `sgp32 run` reads it back from the attachment to explain a skip. */
export const NOT_APPLICABLE = 'not applicable:';

export type Applicability = { applicable: true } | { applicable: false; reason: string };

export function applicability(tags: readonly string[], config: HarnessConfig, catalogue: readonly OptionalFeature[]): Applicability {
  const versions = values(tags, '@sgp32:');
  if (versions.length && !versions.includes(config.version)) {
    return { applicable: false, reason: `${NOT_APPLICABLE} written for SGP.32 ${versions.join(', ')}, the configuration declares ${config.version}` };
  }
  const iut = values(tags, '@iut:')[0] as IutRole | undefined;
  for (const id of values(tags, '@optional:')) {
    const feature = catalogue.find((f) => f.id === id);
    const declared = config.features[id];
    const embedded = iut !== undefined && config.iut[iut] === undefined;
    if (declared === false || (declared === undefined && !embedded)) {
      return { applicable: false, reason: `${NOT_APPLICABLE} optional feature ${id}${feature ? ` (${feature.description})` : ''} is not declared supported` };
    }
  }
  return { applicable: true };
}

function values(tags: readonly string[], prefix: string): string[] {
  return tags.filter((t) => t.startsWith(prefix)).map((t) => t.slice(prefix.length));
}
