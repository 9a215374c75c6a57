/** Every ES10 function S_eUICC implements, one module per area; routing is by each request type's outer tag. */
import { Es10Function } from './context';
import * as info from './es10/info';
import * as download from './es10/download';
import * as profiles from './es10/profiles';
import * as memoryReset from './es10/memory-reset';
import * as iot from './es10/iot';
import * as euiccPackage from './es10/euicc-package';
import * as eimConfig from './es10/eim-config';
import * as notifications from './es10/notifications';

export const ES10_FUNCTIONS: readonly Es10Function[] = [
  ...info.FUNCTIONS,
  ...download.FUNCTIONS,
  ...profiles.FUNCTIONS,
  ...memoryReset.FUNCTIONS,
  ...iot.FUNCTIONS,
  ...euiccPackage.FUNCTIONS,
  ...eimConfig.FUNCTIONS,
  ...notifications.FUNCTIONS,
];

/** ES10b.LoadBoundProfilePackage: its segments are not one ASN.1 type each, so it takes raw bytes. */
export const SEGMENT_FUNCTION = download.LOAD_BPP;
