/**
 * One S_IPA test bench: an euiccFixture card (real APDUs over an InProcessConnector, traced), an eIM
 * associated with it through ES10b.AddInitialEim whose eimFqdn is the scripted stand-in's address,
 * and an SimIpa on that card trusting the test PKI's CIs. Packages are signed as S_eIM signs them.
 */
import { after } from 'node:test';
import { SpecVersion, toHex } from '../../../src/asn1';
import { Curve } from '../../../src/crypto/curves';
import { TraceEvent, TraceSink } from '../../../src/transport/trace';
import { EimConfigurationOptions, EuiccPackage, signEuiccPackage, SignedEuiccPackage } from '../../../simulators/eim/packages';
import { SimIpa } from '../../../simulators/ipa/ipa';
import { SimIpaOptions } from '../../../simulators/ipa/options';
import { associateEim, installProfiles, ProfileSpec, TestEim } from '../euicc/eim-helpers';
import { euiccFixture, EuiccFixture, fixturePki } from '../euicc/fixture';
import { EimStandIn } from './eim-stand-in';

export class ApduLog implements TraceSink {
  readonly events: TraceEvent[] = [];
  record(e: TraceEvent): void {
    this.events.push(e);
  }
  /** Command APDUs sent by the terminal, as hex. */
  commands(): string[] {
    return this.events.filter((e) => e.direction === 'out').map((e) => toHex(e.bytes));
  }
}

export interface BenchOptions {
  curve?: Curve;
  version?: SpecVersion;
  profiles?: ProfileSpec[];
  /** EimConfigurationData fields besides eimId, eimFqdn (the stand-in) and the signing key. */
  eim?: Partial<EimConfigurationOptions>;
  /** No eIM on the card (the IPA needs an eimUrl then). */
  virgin?: boolean;
  ipa?: Partial<SimIpaOptions>;
}

export interface Bench {
  f: EuiccFixture;
  eim: EimStandIn;
  /** The eIM as the card knows it (undefined for a virgin card). */
  te: TestEim;
  ipa: SimIpa;
  apdus: ApduLog;
  lines: string[];
  /** A package signed with the eIM's key and the next counterValue. */
  sign(pkg: EuiccPackage, o?: { eimTransactionId?: string; eimId?: string }): SignedEuiccPackage;
}

/** A bench factory for one test file; everything it opens is closed after the file's tests. */
export function benches(): (o?: BenchOptions) => Promise<Bench> {
  const open: Bench[] = [];
  after(async () => {
    for (const b of open) {
      await b.ipa.close();
      await b.eim.close();
      await b.f.close();
    }
  });
  return async (o = {}) => {
    const curve = o.curve ?? 'nist';
    const version = o.version ?? 'v1.2';
    const apdus = new ApduLog();
    const f = await euiccFixture({ version, trace: apdus });
    if (o.profiles) installProfiles(f, o.profiles);
    const { pki } = fixturePki();
    const eim = await EimStandIn.start({ pki, curve, version });
    const te = o.virgin ? undefined as unknown as TestEim : await associateEim(f, { curve, fqdn: eim.fqdn, ...o.eim });
    // The IPA opens its own channel on a freshly powered card.
    await f.session.close();
    apdus.events.length = 0;
    const lines: string[] = [];
    const ipa = new SimIpa({ card: f.connector, version, trust: pki.trustedCis(curve), log: (l) => lines.push(l), ...o.ipa });
    const bench: Bench = {
      f, eim, te, ipa, apdus, lines,
      sign(pkg, s = {}) {
        const counterValue = ++te.counter;
        return signEuiccPackage({
          eimId: s.eimId ?? te.eimId, eid: f.config.eid, counterValue, eimTransactionId: s.eimTransactionId ?? '0A0B0C0D', package: pkg,
        }, te.key, te.associationToken, version);
      },
    };
    open.push(bench);
    return bench;
  };
}
