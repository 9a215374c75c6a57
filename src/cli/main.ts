/** The `sgp32` command. */
import { AsnSchemaError } from '../asn1';
import { ConfigError } from '../bench/config-file';
import { UsageError } from './args';
import { ASN1_USAGE, asn1Command } from './asn1';
import { CONFIG_USAGE, configCommand } from './config';
import { FUZZ_USAGE, fuzzCommand } from './fuzz';
import { HEALTH_USAGE, healthCommand } from './health';
import { PKI_USAGE, pkiCommand } from './pki';
import { REPORT_USAGE, reportCommand } from './report';
import { runCommand } from './run';
import { SIM_USAGE, simCommand } from './sim';

const USAGE = `sgp32 — SGP.32 conformance and interoperability harness

  sgp32 run [--iut eim|ipa|euicc|smdpp|all] [--config FILE] [--tags EXPR] [--parallel N]
          [--reports DIR] [--single-file] [--no-html]
        run the conformance suites; without --config every IUT is the built-in simulator
  sgp32 fuzz [--iut ROLE|all] [--config FILE] [--runs N | --duration S] [--seed S] [--replay PATH] …
        fuzz campaigns: hostile ASN.1 messages over the real transport, judged by the oracle
  sgp32 config init [FILE] [--force] | check FILE
        write the commented example configuration, or validate one and show what it resolves to
  sgp32 asn1 decode|encode|check|bench|types …
        the SGP.32 / SGP.22 codec (sgp32 asn1 for details)
  sgp32 pki init --out DIR …
        the test PKI: certificates, keys and defective variants on both curves
  sgp32 sim euicc|smdpp|eim|ipa …
        a simulator on its own, for an IUT on a real link (sgp32 sim for details)
  sgp32 report verify|html DIR …
        check a run's evidence against its manifest, or render its HTML report again
  sgp32 health TARGET… [--pki DIR] [--timeout MS]
        whether simulators or IUTs answer (container health checks)

${FUZZ_USAGE}

${ASN1_USAGE}

${CONFIG_USAGE}

${PKI_USAGE}

${SIM_USAGE}

${REPORT_USAGE}

${HEALTH_USAGE}`;

export async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'run': return await runCommand(rest);
      case 'fuzz': return await fuzzCommand(rest);
      case 'config': return configCommand(rest);
      case 'asn1': return asn1Command(rest);
      case 'pki': return pkiCommand(rest);
      case 'sim': return simCommand(rest);
      case 'report': return await reportCommand(rest);
      case 'health': return await healthCommand(rest);
      case undefined: case 'help': case '--help': case '-h':
        console.log(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${cmd}' (sgp32 help lists them)`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof AsnSchemaError || e instanceof ConfigError) {
      console.error(`sgp32: ${e.message}`);
      return 2;
    }
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      console.error(`sgp32: ${(e as Error).message}`);
      return 2;
    }
    throw e;
  }
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
