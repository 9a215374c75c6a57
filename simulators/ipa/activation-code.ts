/**
 * The SGP.22 §4.1 activation code a ProfileDownloadTriggerRequest carries:
 * `1$<SM-DP+ address>$<AC_Token>[$<SM-DP+ OID>[$<Confirmation Code Required Flag>]]`.
 * The AC_Token is the matchingId of the download (SGP.22 §3.1.3).
 */
import { UnsupportedPackageError } from './errors';

export interface ActivationCode {
  smdpAddress: string;
  /** Absent when the AC_Token field is empty. */
  matchingId?: string;
  smdpOid?: string;
  /** The code says a confirmation code will be asked for (flag "1"). */
  confirmationCodeRequired: boolean;
}

/** LDH labels of at most 63 characters, 253 in all; a port is tolerated for test set-ups. */
const FQDN = /^(?=[^:]{1,253}(:|$))[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/i;

export function parseActivationCode(text: string): ActivationCode {
  const fields = text.split('$');
  const [format, smdpAddress, token, smdpOid, ccFlag] = fields;
  const refuse = (detail: string) => new UnsupportedPackageError('activationCode', `'${text}': ${detail}`);
  if (format !== '1') throw refuse(`format '${format}' is not 1`);
  if (fields.length < 3 || fields.length > 5) throw refuse('expected 3 to 5 $-separated fields');
  if (!smdpAddress) throw refuse('no SM-DP+ address');
  if (!FQDN.test(smdpAddress)) throw refuse(`SM-DP+ address '${smdpAddress}' is not an FQDN`);
  if (ccFlag !== undefined && ccFlag !== '0' && ccFlag !== '1') throw refuse(`confirmation code flag '${ccFlag}' is not 0 or 1`);
  return {
    smdpAddress,
    ...(token && { matchingId: token }),
    ...(smdpOid && { smdpOid }),
    confirmationCodeRequired: ccFlag === '1',
  };
}
