/** The eUICC Packages the scenarios send, by intent, built with S_eIM's send templates. */
import {
  EimConfigurationData, EuiccPackage, ts_ecoAddEim, ts_ecoDeleteEim, ts_ecoList, ts_ecoListEim, ts_ecoUpdateEim, ts_psmoDelete, ts_psmoDisable, ts_psmoEnable,
  ts_psmoList, ts_psmoListProfileInfo, ts_psmoSetFallbackAttribute,
} from '../../../simulators/eim/packages';
import { iccidOf } from './profiles';

export const pkg = {
  enable: (letter: string, rollback = false): EuiccPackage => ts_psmoList(ts_psmoEnable(iccidOf(letter), { rollback })),
  disable: (letter: string): EuiccPackage => ts_psmoList(ts_psmoDisable(iccidOf(letter))),
  delete: (letter: string): EuiccPackage => ts_psmoList(ts_psmoDelete(iccidOf(letter))),
  setFallbackAttribute: (letter: string): EuiccPackage => ts_psmoList(ts_psmoSetFallbackAttribute(iccidOf(letter))),
  /** `count` listProfileInfo operations, then an enable of `letter`: a result larger than a card can keep. */
  oversized: (count: number, letter: string): EuiccPackage =>
    ts_psmoList(...Array.from({ length: count }, () => ts_psmoListProfileInfo()), ts_psmoEnable(iccidOf(letter))),
  addEim: (cfg: EimConfigurationData): EuiccPackage => ts_ecoList(ts_ecoAddEim(cfg)),
  updateEim: (cfg: EimConfigurationData): EuiccPackage => ts_ecoList(ts_ecoUpdateEim(cfg)),
  deleteEim: (eimId: string): EuiccPackage => ts_ecoList(ts_ecoDeleteEim(eimId)),
  listEim: (): EuiccPackage => ts_ecoList(ts_ecoListEim()),
};
