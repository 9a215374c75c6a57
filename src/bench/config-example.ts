/**
 * The commented example written by `sgp32 config init`. It is built from blocks so that the text a
 * user gets (every IUT block commented out) and the variants a test checks (blocks uncommented one
 * by one) come from the same lines: a disabled block is its enabled lines with `# ` inserted at the
 * block's indentation, which is exactly what a user deletes to turn it on.
 */
import { OPTIONAL_FEATURES } from './optional-features';

interface Block { id: string; on: boolean; indent: number; lines: Part[] }
type Part = string | Block;

const block = (id: string, on: boolean, indent: number, ...lines: Part[]): Block => ({ id, on, indent, lines });

/** Files and directories the example names, relative to the config file (a test creates them). */
export const EXAMPLE_FILES = {
  pki: 'pki',
  pem: ['certs/eim-tls-ca.pem', 'certs/eim-signing.pem', 'certs/dp-tls-ca.pem', 'certs/es2-client.pem', 'certs/es2-client.key'],
  dirs: ['ipa'],
} as const;

function features(): Part[] {
  if (OPTIONAL_FEATURES.length === 0) return ['  # (no optional features are catalogued by the suites yet)'];
  const width = Math.max(...OPTIONAL_FEATURES.map((f) => f.id.length)) + 6;
  return OPTIONAL_FEATURES.map((f) => block(`features.${f.id}`, false, 2, `  ${`${f.id}: true`.padEnd(width)}  # ${f.iut}: ${f.description}`));
}

function parts(): Part[] {
  return [
    '# sgp32-harness configuration: `sgp32 run --config FILE`; check it with `sgp32 config check FILE`.',
    '#',
    '# Every field is optional. A role with no block under `iut` is played by the built-in simulator,',
    '# so this file as written runs every suite against the simulators (the embedded default).',
    '# Uncomment one IUT block (delete the `# ` in front of its lines) to test your implementation in',
    '# that role while the harness simulates the others. Relative paths are resolved against the',
    "# directory of this file. Durations are milliseconds (30000) or a number with a unit: 500ms, 10s,",
    '# 2m, 1h. Secrets (keyPassphrase, token, password, Authorization headers, …) never reach reports.',
    '',
    '# The SGP.32 version your implementations speak: v1.2 or v1.0.',
    'version: v1.2',
    '',
    '# Curves the simulators hold credentials on: nist (NIST P-256) and brp (brainpoolP256r1).',
    '# Scenarios that do not name a curve use the first.',
    'curves: [nist, brp]',
    '',
    '# The test PKI (`sgp32 pki init --out DIR`) whose CI, EUM and role certificates your IUT was given.',
    '# Without it every run generates a fresh PKI, which only the built-in simulators trust.',
    block('pki', false, 0, 'pki: ./pki'),
    '',
    '# X-Admin-Protocol sent on ESipa and ES9+ (default per spec version).',
    block('adminProtocol', false, 0, 'adminProtocol: gsma/rsp/v2.1.0'),
    '',
    'timeouts:',
    '  exchange: 10s   # one HTTP exchange or APDU',
    '  step: 30s       # one Gherkin step',
    '  iut: 30s        # an IUT process starting, or an IPA poll cycle ending',
    '',
    '# Where the simulators an external IUT talks to listen (port 0 = any free port, printed at start).',
    'simulators:',
    '  host: 127.0.0.1',
    '  eimPort: 0      # S_eIM (ESipa), for an IPA under test',
    '  smdppPort: 0    # S_SM-DP+ (ES9+), for an IPA or eIM under test',
    '  cardPort: 0     # S_eUICC as a TCP APDU listener, for an IPA under test',
    '',
    '# The optional-features declaration (SGP.33 Optional Features Table): the features your IUT supports.',
    '# A scenario tagged @optional:O_X runs only when O_X is declared true here (the built-in simulators',
    '# support them all); otherwise it is reported as skipped, not applicable.',
    'features:',
    ...features(),
    '',
    '# The implementations under test, one block per role.',
    'iut:',
    '  # An eIM under test: S_IPA polls it on ESipa, S_SM-DP+ serves the downloads it orders.',
    block('eim', false, 2,
      '  eim:',
      '    esipa:',
      '      url: https://eim.example.com:8443   # base URL of ESipa (http:// only for eIMs without TLS)',
      '      binding: asn1                       # asn1 or json',
      '      tls:',
      '        trust: [certs/eim-tls-ca.pem]     # PEM CA(s) the eIM\'s TLS certificate chains to',
      '        # insecure: true                  # accept any certificate (lab only; shown in the report)',
      '    eimId: eim-under-test                 # the eIM identifier as the card is configured with it',
      '    eimCertificate: certs/eim-signing.pem # the eIM\'s ECDSA signing certificate (PEM)',
      '    fqdn: eim.example.com                 # the FQDN in the card\'s eIM configuration',
      '    curve: nist                           # curve of the eIM\'s signing key (default: the first of curves)',
      '    # An SM-DP+ address the eIM maps to https://<simulators.host>:<port>, where the harness accepts',
      '    # connections and never answers (ES9+\' timeout scenarios, O_EIM_ES9_TIMEOUT).',
      '    es9Stall: { address: stall.example.com, port: 8999 }',
      '    identity: Example eIM 1.0             # product and version, shown in the report',
      '    # How the harness asks the eIM to create work (nothing standardises an eIM\'s northbound side).',
      '    # Choose one trigger adapter:',
      '    # sim-rest: the REST API of `sgp32 sim eim` (a harness eIM run on its own).',
      block('eim.trigger.sim-rest', true, 4,
        '    trigger:',
        '      adapter: sim-rest',
        '      url: http://127.0.0.1:8081',
        '      token: change-me                  # secret: bearer token, if the API asks for one'),
      "    # onomondo: the REST API of onomondo's eIM.",
      block('eim.trigger.onomondo', false, 4,
        '    trigger:',
        '      adapter: onomondo',
        '      url: https://eim.example.com:8080',
        '      token: change-me'),
      '    # http: any REST API. {{name}} placeholders take the order: kind, eid, activationCode,',
      '    # iccid, operation, operations, tagList, order (JSON); the lookup also gets {{orderId}}. The',
      '    # create answer gives the order id (id, resourceId, orderId, Location or the text); the lookup',
      '    # answer is JSON with status (done/failed/…), reason and results.',
      block('eim.trigger.http', false, 4,
        '    trigger:',
        '      adapter: http',
        '      create:',
        '        method: POST',
        '        url: https://eim.example.com/api/eids/{{eid}}/orders',
        '        body: \'{"kind": "{{kind}}", "operations": {{operations}}}\'',
        '      lookup:',
        '        url: https://eim.example.com/api/orders/{{orderId}}',
        '      headers:',
        '        Authorization: Bearer change-me  # secret: never written to reports'),
      '    # shell: a command per action; the order is in SGP32_KIND, SGP32_EID, SGP32_ACTIVATION_CODE,',
      '    # SGP32_ICCID, SGP32_OPERATION, SGP32_OPERATIONS, SGP32_ORDER (JSON); SGP32_ORDER_ID for the',
      '    # lookup. create prints the order id; lookup prints JSON as for http.',
      block('eim.trigger.shell', false, 4,
        '    trigger:',
        '      adapter: shell',
        '      create: ./eim-cli order create --eid "$SGP32_EID" --order "$SGP32_ORDER"',
        '      lookup: ./eim-cli order show "$SGP32_ORDER_ID" --json',
        '      timeout: 20s'),
      '    # manual: the harness prints each order and waits for you to place it (needs a terminal).',
      block('eim.trigger.manual', false, 4,
        '    trigger:',
        '      adapter: manual')),
    '  # An IPA under test: it polls S_eIM (simulators.eimPort) and talks to S_eUICC as its card.',
    block('ipa', false, 2,
      '  ipa:',
      '    # Started for each poll cycle a scenario runs, so restarted between scenarios. Replace the',
      '    # command with yours; placeholders: {eimUrl} {eimHostPort} {card} {cardHost} {cardPort} {pkiDir}',
      '    # {workDir} {addInitialEim} {smdpUrl} {smdpAddress} {version}, and {options}, which becomes the',
      '    # options below that a scenario needs (appended when the command has no {options}).',
      block('ipa.launch', true, 4,
        '    launch:',
        '      command: ./your-ipa --eim {eimUrl} --card {cardHost}:{cardPort} --trust {pkiDir} {options}',
        '      cwd: ipa                          # working directory (default: where sgp32 runs)',
        '      env:',
        '        IPA_LOG: debug',
        '      timeout: 30s                      # how long one run of the IPA may take',
        '      options:                          # the IPA\'s own flags for what some scenarios need',
        '        addInitialEim: --add-initial-eim {addInitialEim}',
        '        stateChange: --state-change',
        '        compact: --minimize-esipa-bytes',
        '        direct: --direct-download'),
      '    # Or: the IPA is already running and pointed at the simulators.',
      block('ipa.running', false, 4,
        '    running: true'),
      '    # How S_eUICC reaches the IPA; one of:',
      block('ipa.card.tcp', true, 4,
        '    card:',
        '      tcp: 127.0.0.1:40004              # S_eUICC listens for the IPA\'s TCP APDU link'),
      block('ipa.card.vpcd', false, 4,
        '    card:',
        '      vpcd: 127.0.0.1:35963             # S_eUICC dials pcscd\'s vpcd reader (vsmartcard)'),
      '    insecureHttp: false                 # true: S_eIM (and S_SM-DP+) over plain HTTP, for IPAs without the PKI\'s trust anchor',
      '    identity: Example IPA 1.0'),
    '  # An eUICC under test: S_IPA drives it with ES10 APDUs.',
    block('euicc', false, 2,
      '  euicc:',
      block('euicc.card.tcp', true, 4, '    card: tcp:127.0.0.1:40004           # a TCP APDU link (length-prefixed APDUs)'),
      block('euicc.card.pcsc', false, 4, '    card: "pcsc:Example Reader 00 00"   # a PC/SC reader'),
      '    identity: Example eUICC 1.0'),
    '  # An SM-DP+ under test: S_IPA/S_eUICC download from it; S_Operator orders on ES2+.',
    block('smdpp', false, 2,
      '  smdpp:',
      '    es9: https://smdp.example.com:8443  # ES9+ base URL (TLS is mandatory)',
      '    es2: https://smdp.example.com:9443  # ES2+ base URL, for scenarios that place orders',
      '    binding: json                       # json or asn1 on ES9+',
      '    tls:',
      '      trust: [certs/dp-tls-ca.pem]',
      '    es2Tls:                             # mutual TLS as the operator on ES2+',
      '      trust: [certs/dp-tls-ca.pem]',
      '      cert: certs/es2-client.pem',
      '      key: certs/es2-client.key',
      '      keyPassphrase: change-me          # secret: never written to reports',
      '    serverAddress: smdp.example.com     # the address its ServerSigned1 carries (default: host of es9)',
      '    profileType: Test                   # profile type S_Operator orders with ES2+ DownloadOrder',
      '    confirmationCodeAttempts: 3         # refused confirmation codes after which it ends an order',
      '    orderLifetimeMs: 2m                 # O_DP_ORDER_EXPIRY: when an unused order expires',
      '    sessionTimeoutMs: 5m                # O_DP_SESSION_TIMEOUT: how long an idle RSP session lives',
      '    identity: Example SM-DP+ 1.0'),
  ];
}

function blocks(list: readonly Part[]): Block[] {
  return list.flatMap((p) => (typeof p === 'string' ? [] : [p, ...blocks(p.lines)]));
}

/** Every block id of the example, with whether it is on by default. */
export function exampleBlocks(): { id: string; on: boolean }[] {
  return blocks(parts()).map((b) => ({ id: b.id, on: b.on }));
}

/** The example text; `choose` turns blocks on or off (by id) instead of their defaults. */
export function configExample(choose: Readonly<Record<string, boolean>> = {}): string {
  const render = (list: readonly Part[]): string[] => list.flatMap((p) => {
    if (typeof p === 'string') return [p];
    const lines = render(p.lines);
    if (choose[p.id] ?? p.on) return lines;
    const pad = ' '.repeat(p.indent);
    return lines.map((l) => (l.trim() === '' ? `${pad}#` : `${pad}# ${l.slice(p.indent)}`));
  });
  return `${render(parts()).join('\n')}\n`;
}
