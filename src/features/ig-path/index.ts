/** The Integrated Gradients path explorer (worker side: worker/handler.ts, method `igPath`). */
import type { FeatureDescriptor } from '../../client/feature';
import { clearMarkers } from '../../client/markers';
import { IDLE_RUN } from '../../client/run-fields';
import { cancelIgPath, igPathCurrent, initIgPath } from './state/ig-path';
import { IgPathPanel } from './ui/IgPathPanel';

export const igPathFeature: FeatureDescriptor = {
  id: 'ig-path',
  Panel: IgPathPanel,
  tab: { label: 'IG path', requested: (p) => p.get('ig_path') === '1' },
  init: initIgPath,
  cancel: cancelIgPath,
  current: igPathCurrent,
  resetForSearch: (s) => {
    clearMarkers('igpath');
    return { igPath: { ...s.igPath, ...IDLE_RUN } };
  },
};
