/** The explanation: one attribution method on the photo shown (worker side: worker/handler.ts). */
import type { FeatureDescriptor } from '../../client/feature';
import { IDLE_RUN } from '../../client/run-fields';
import { cancelExplain, explainCurrent, initExplain } from './state/explain';
import { ExplainPanel } from './ui/ExplainPanel';

export const explainFeature: FeatureDescriptor = {
  id: 'explain',
  Panel: ExplainPanel,
  tab: { label: 'Explain' },
  init: initExplain,
  cancel: cancelExplain,
  current: explainCurrent,
  resetForModel: (s) => ({ explain: { ...s.explain, result: undefined, status: 'idle' } }),
  // An explanation the query does not ask for is cleared; one that is on re-runs with the new settings.
  resetForSearch: (s) => ({ explain: s.explain.enabled ? s.explain : { ...s.explain, ...IDLE_RUN } }),
  recovery: { panel: 'explain', armed: (s) => s.explain.enabled, disarm: (s) => ({ explain: { ...s.explain, enabled: false } }) },
};
