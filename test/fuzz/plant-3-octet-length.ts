/** Preloaded (`node -r`) into an `sgp32 fuzz` child process by test/cli/fuzz.test.ts: plants the 3-octet length crash in S_eIM. */
import { plantThreeOctetLengthCrash } from './plants';

plantThreeOctetLengthCrash();
