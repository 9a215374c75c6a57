/**
 * IPAe activation (SGP.32 v1.2 IpaeActivationRequest, BF42 — the tag of SGP.22's LpaeActivation):
 * switches on the IPA inside the eUICC. The card answers notSupported(1) when it has no IPAe
 * (ISD-R template bit ipaeSupported clear); an ipaeOption without activateIpae activates nothing.
 */
import { Es10Function } from '../context';

const RESULT = { ok: 0, notSupported: 1 } as const;

export const IPAE_ACTIVATION: Es10Function = {
  name: 'ES10b.IpaeActivation',
  request: 'IpaeActivationRequest',
  response: 'IpaeActivationResponse',
  versions: ['v1.2'],
  handle(ctx, req: { ipaeOption: string[] }) {
    if (!ctx.config.capabilities.ipaeSupported) return { ipaeActivationResult: RESULT.notSupported };
    if (req.ipaeOption.includes('activateIpae')) ctx.state.ipaeActive = true;
    return { ipaeActivationResult: RESULT.ok };
  },
};
