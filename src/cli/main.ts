/** The `sgp32` command. */
import { AsnSchemaError } from '../asn1';
import { UsageError } from './args';
import { ASN1_USAGE, asn1Command } from './asn1';
import { PKI_USAGE, pkiCommand } from './pki';
import { runCommand } from './run';
import { SIM_USAGE, simCommand } from './sim';

const USAGE = `sgp32 — SGP.32 conformance and interoperability harness

  sgp32 run [--iut eim|ipa|euicc|smdpp|all] [--runs N] [--seed S]
        run the suites against the embedded default (every role simulated)
  sgp32 asn1 decode|encode|check|bench|types …
        the SGP.32 / SGP.22 codec (sgp32 asn1 for details)
  sgp32 pki init --out DIR …
        the test PKI: certificates, keys and defective variants on both curves
  sgp32 sim euicc|smdpp|eim|ipa …
        a simulator on its own, for an IUT on a real link (sgp32 sim for details)

${ASN1_USAGE}

${PKI_USAGE}

${SIM_USAGE}`;

export function main(argv: readonly string[]): number {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'run': return runCommand(rest);
      case 'asn1': return asn1Command(rest);
      case 'pki': return pkiCommand(rest);
      case 'sim': return simCommand(rest);
      case undefined: case 'help': case '--help': case '-h':
        console.log(USAGE);
        return cmd === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command '${cmd}' (sgp32 help lists them)`);
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof AsnSchemaError) {
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

if (require.main === module) process.exitCode = main(process.argv.slice(2));
