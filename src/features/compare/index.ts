/** The comparison grid: several methods on the photo shown (it asks the worker for `attribute`, like the explanation). */
import type { FeatureDescriptor } from '../../client/feature';
import { cancelCompare, compareCurrent, initCompare } from './state/compare';
import { ComparePanel } from './ui/ComparePanel';

export const compareFeature: FeatureDescriptor = {
  id: 'compare',
  Panel: ComparePanel,
  tab: { label: 'Compare', requested: (p) => !!p.get('compare') },
  init: initCompare,
  cancel: cancelCompare,
  current: compareCurrent,
  recovery: { panel: 'compare', armed: (s) => s.compare.methods.length > 0, disarm: (s) => ({ compare: { ...s.compare, methods: [] } }) },
};
