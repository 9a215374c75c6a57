/**
 * S_eUICC of the eIM suite: an in-process SimEuicc from the run PKI, reached by S_IPA through real
 * APDUs (STORE DATA over an InProcessConnector), every APDU in the scenario trace. Initial conditions
 * that would need another eIM or SM-DP+ to reach (a profile already installed, an enabled profile, a
 * card counter far ahead) are set up here, in the simulator, not through the eIM under test.
 */
import { SpecVersion, toHex } from '../../asn1';
import { Curve } from '../../crypto/curves';
import { PkiStore } from '../../pki';
import { buildTestProfile } from '../../profile';
import { Es10Session } from '../../transport/apdu';
import { InProcessConnector } from '../../transport/card';
import { TraceSink } from '../../transport/trace';
import { DownloadServer } from '../../../simulators/smdpp/download';
import { euiccCard } from '../../../simulators/euicc/card';
import { euiccConfigFromPki } from '../../../simulators/euicc/config';
import { SimEuicc } from '../../../simulators/euicc/euicc';
import { ES10_FUNCTIONS } from '../../../simulators/euicc/functions';

/** An ES10 answer the card gave that the scenario cannot go on from. */
export class CardRefusal extends Error {
  override readonly name = 'CardRefusal';
}

export class EimSuiteCard {
  private constructor(readonly euicc: SimEuicc, private readonly connector: InProcessConnector, readonly session: Es10Session) {}

  static async open(pki: PkiStore, version: SpecVersion, trace: TraceSink): Promise<EimSuiteCard> {
    const euicc = new SimEuicc(euiccConfigFromPki(pki, { version }));
    const connector = new InProcessConnector(euiccCard(euicc), { trace });
    await connector.connect();
    const session = new Es10Session(connector);
    await session.open();
    return new EimSuiteCard(euicc, connector, session);
  }

  get eid(): string {
    return this.euicc.config.eid;
  }

  /** One ES10 command given as DER; its answer's DER. */
  raw(command: Uint8Array): Promise<Uint8Array> {
    return this.session.send(command);
  }

  /** One ES10 command by request type; its decoded answer. */
  async es10<T = any>(type: string, value: unknown): Promise<T> {
    const fn = ES10_FUNCTIONS.find((f) => f.request === type && (!f.versions || f.versions.includes(this.euicc.version)) && this.euicc.codecOf(f).has(type));
    if (!fn) throw new CardRefusal(`no ES10 function takes ${type} on a ${this.euicc.version} card`);
    const c = this.euicc.codecOf(fn);
    return c.decode(fn.response, await this.session.send(c.encode(type, value)));
  }

  /** Installs a test profile with `iccid` straight from an in-process SM-DP+ (an initial condition); then marks it enabled, or allowed as fallback, as asked. */
  async installProfile(pki: PkiStore, curve: Curve, iccid: string, o: { enabled?: boolean; fallbackAllowed?: boolean; smdpAddress: string }): Promise<void> {
    const server = DownloadServer.fromStore(pki, { serverAddress: o.smdpAddress, curve, version: this.euicc.version, profile: buildTestProfile({ iccid }) });
    const last = await server.downloadTo((bytes) => this.raw(bytes));
    if (!last.length) throw new CardRefusal(`installing profile ${iccid}: the card gave no ProfileInstallationResult`);
    const profile = this.euicc.state.profiles.at(-1);
    if (!profile) throw new CardRefusal(`installing profile ${iccid}: no profile on the card afterwards (PIR ${toHex(last)})`);
    if (o.fallbackAllowed) profile.fallbackAllowed = true;
    if (o.enabled) {
      for (const p of this.euicc.state.profiles) p.state = 'disabled';
      profile.state = 'enabled';
    }
    // The install's own notifications belong to the set-up, not to the scenario.
    this.euicc.state.notifications = this.euicc.state.notifications.filter((n) => n.kind === 'euiccPackageResult');
  }

  /** State of the profile with `iccid` (digits), or undefined when the card has none. */
  profileState(iccid: string): 'enabled' | 'disabled' | undefined {
    return this.euicc.state.profiles.find((p) => swapped(p.iccid) === iccid.toUpperCase())?.state;
  }

  /** The card's anti-replay counter for `eimId` (set: the card has accepted packages up to it). */
  setCounter(eimId: string, value: number): void {
    const eim = this.euicc.state.eims.find((e) => e.eimId === eimId);
    if (!eim) throw new CardRefusal(`the card has no eIM ${eimId}`);
    eim.counterValue = value;
  }

  async close(): Promise<void> {
    await this.session.close();
    await this.connector.close();
  }
}

/** The digits of an ICCID stored as swapped-nibble BCD hex (F padding dropped). */
function swapped(hex: string): string {
  return hex.replace(/(.)(.)/g, '$2$1').replace(/F+$/i, '').toUpperCase();
}
