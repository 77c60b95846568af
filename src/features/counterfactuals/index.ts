/** Counterfactuals: optimisation and region swap (worker side: worker/handler.ts, method `counterfactual`). */
import type { FeatureDescriptor } from '../../client/feature';
import { clearMarkers } from '../../client/markers';
import { IDLE_RUN } from '../../client/run-fields';
import { cancelCf, cfCurrent, initCf } from './state/counterfactuals';
import { CounterfactualPanel } from './ui/CounterfactualPanel';

export const counterfactualsFeature: FeatureDescriptor = {
  id: 'counterfactuals',
  Panel: CounterfactualPanel,
  tab: { label: 'Counterfactuals', requested: (p) => !!p.get('cf') },
  init: initCf,
  cancel: cancelCf,
  current: cfCurrent,
  resetForSearch: (s) => {
    clearMarkers('cf');
    return { cf: { ...s.cf, ...IDLE_RUN } };
  },
  recovery: { panel: 'cf', armed: (s) => s.cf.armed, disarm: (s) => ({ cf: { ...s.cf, armed: false } }) },
};
