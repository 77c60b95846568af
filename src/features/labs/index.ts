/** The pitfalls labs (worker side: worker/handler.ts, method `lab`). */
import type { FeatureDescriptor } from '../../client/feature';
import { clearMarkers } from '../../client/markers';
import { IDLE_RUN } from '../../client/run-fields';
import { cancelLab, initLab, labCurrent } from './state/labs';
import { LabPanel } from './ui/LabPanel';

export const labsFeature: FeatureDescriptor = {
  id: 'labs',
  Panel: LabPanel,
  tab: { label: 'Pitfalls labs', requested: (p) => !!p.get('lab') },
  init: initLab,
  cancel: cancelLab,
  current: labCurrent,
  resetForSearch: (s) => {
    clearMarkers('lab');
    return { lab: { ...s.lab, ...IDLE_RUN } };
  },
  recovery: { panel: 'lab', armed: (s) => s.lab.open != null && s.lab.armed, disarm: (s) => ({ lab: { ...s.lab, armed: false } }) },
};
