/**
 * The IPA end of ESipa, ASN.1 binding (SGP.32 §6.1; reference §2.1): `POST /gsma/rsp2/asn1` with the
 * DER of one EsipaMessageFromIpaToEim alternative, answered by one EsipaMessageFromEimToIpa
 * alternative. Unlike EsipaClient it hands back the answer's bytes as received with its decoded
 * value: an eUICC Package goes to the card exactly as the eIM signed and sent it (ES10b.LoadEuiccPackage
 * verifies eimSignature over those bytes), and a Bound Profile Package is cut into segments from
 * the bytes the SM-DP+ protected. Failures are the transport's typed errors: HttpStatusError for a
 * status other than 200/204, HttpProtocolError for a wrong Content-Type, an undecodable body or an
 * unexpected message.
 */
import { Codec, tlvAt } from '../../src/asn1';
import { ChoiceNode, ExplicitNode } from '../../src/asn1/nodes';
import { alternativeOf, ASN1_PATH, exchangeAsn1, HttpClient, HttpClientOptions, HttpProtocolError } from '../../src/transport/http';
import { nodeAt } from './relay';

export interface EsipaAnswer {
  /** Alternative of EsipaMessageFromEimToIpa, e.g. 'getEimPackageResponse'. */
  alternative: string;
  /** Its decoded value. */
  value: any;
  /** Its content octets as received: for a CHOICE alternative such as BF4F, the chosen inner TLV (e.g. BF51…). */
  inner: Uint8Array;
}

/** One ESipa exchange as the cycle report shows it. */
export interface EsipaExchange {
  request: string;
  /** The answer's alternative, with the inner alternative of a CHOICE (e.g. 'getEimPackageResponse.eimPackageError'); '' for no content. */
  response?: string;
  error?: string;
}

const REQUEST = 'EsipaMessageFromIpaToEim';
const ANSWER = 'EsipaMessageFromEimToIpa';

export class EsipaLink {
  readonly http: HttpClient;

  constructor(
    options: Omit<HttpClientOptions, 'interface'>,
    readonly codec: Codec,
    private readonly note: (exchange: EsipaExchange) => void,
    private readonly log: (line: string) => void,
  ) {
    this.http = new HttpClient({ ...options, interface: 'esipa' });
  }

  get url(): string {
    return `${this.http.baseUrl}${ASN1_PATH}`;
  }

  /** DER of request alternative `alternative` with `value`. */
  encode(alternative: string, value: unknown): Uint8Array {
    return this.codec.encode(REQUEST, { [alternative]: value });
  }

  /**
   * Sends `body` (the DER of request alternative `request`); resolves with the answer, or undefined
   * when the eIM answered without content (204, or 200 with an empty body as the TTCN S_eIM does).
   */
  async exchange(request: string, body: Uint8Array, expected?: string): Promise<EsipaAnswer | undefined> {
    try {
      const answer = await this.post(body, expected);
      this.note({ request, response: answer ? describe(this.codec, answer) : '' });
      this.log(`esipa ${request} -> ${answer ? describe(this.codec, answer) : '(no content)'}`);
      return answer;
    } catch (e) {
      this.note({ request, error: (e as Error).message });
      this.log(`esipa ${request} -> ${(e as Error).name}: ${(e as Error).message}`);
      throw e;
    }
  }

  /** `exchange` for functions that must answer with content. */
  async expect(request: string, body: Uint8Array, expected: string): Promise<EsipaAnswer> {
    const answer = await this.exchange(request, body, expected);
    if (!answer) throw new HttpProtocolError(this.url, `${request}: answered without content, expected ${expected}`);
    return answer;
  }

  /** Ends the procedure's connection. */
  close(): Promise<void> {
    return this.http.close();
  }

  private async post(body: Uint8Array, expected: string | undefined): Promise<EsipaAnswer | undefined> {
    const answer = await exchangeAsn1(this.http, this.codec, REQUEST, body, ANSWER);
    if (!answer) return undefined;
    const [alternative, value] = alternativeOf(answer.value);
    if (expected !== undefined && alternative !== expected) throw new HttpProtocolError(answer.url, `answered ${alternative}, expected ${expected}`);
    const span = tlvAt(answer.body, ANSWER);
    return { alternative, value, inner: answer.body.subarray(span.start, span.end) };
  }
}

/** `alternative`, and for a CHOICE its chosen alternative too. */
function describe(c: Codec, answer: EsipaAnswer): string {
  const node = nodeAt(c, ANSWER, answer.alternative);
  const choice = (node instanceof ExplicitNode ? node.inner : node) instanceof ChoiceNode;
  return choice ? `${answer.alternative}.${Object.keys(answer.value)[0]}` : answer.alternative;
}
