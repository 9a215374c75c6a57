/**
 * ES10b.GetConnectivityParameters (BF5F, SGP.32 v1.2): the connectivity parameters (httpParams, also
 * used for CoAP) provisioned on the card, kept in `EuiccState.connectivityParameters` as DER.
 */
import { AsnDecodeError, fromHex } from '../../../src/asn1';
import { Es10Function } from '../context';

const ERROR = { parametersNotAvailable: 1, undefinedError: 127 } as const;

export const GET_CONNECTIVITY_PARAMETERS: Es10Function = {
  name: 'ES10b.GetConnectivityParameters',
  request: 'GetConnectivityParametersRequest',
  response: 'GetConnectivityParametersResponse',
  versions: ['v1.2'],
  handle(ctx) {
    const hex = ctx.state.connectivityParameters;
    if (hex === undefined) return { connectivityParametersError: ERROR.parametersNotAvailable };
    try {
      return { connectivityParameters: ctx.codec.decode('ConnectivityParameters', fromHex(hex)) };
    } catch (e) {
      // A damaged stored value is the card's own fault: report it rather than answer garbage.
      if (e instanceof AsnDecodeError || e instanceof TypeError) return { connectivityParametersError: ERROR.undefinedError };
      throw e;
    }
  },
};
