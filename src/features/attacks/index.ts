/** Adversarial attacks, FGSM / PGD (worker side: worker/handler.ts, method `attack`). */
import type { FeatureDescriptor } from '../../client/feature';
import { clearMarkers } from '../../client/markers';
import { IDLE_RUN } from '../../client/run-fields';
import { attackCurrent, cancelAttack, initAttack } from './state/attacks';
import { AttackPanel } from './ui/AttackPanel';

export const attacksFeature: FeatureDescriptor = {
  id: 'attacks',
  Panel: AttackPanel,
  tab: { label: 'Adversarial', requested: (p) => !!p.get('attack') },
  init: initAttack,
  cancel: cancelAttack,
  current: attackCurrent,
  resetForSearch: (s) => {
    clearMarkers('attack');
    return { attack: { ...s.attack, ...IDLE_RUN } };
  },
  recovery: { panel: 'attack', armed: (s) => s.attack.armed, disarm: (s) => ({ attack: { ...s.attack, armed: false } }) },
};
