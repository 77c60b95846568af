/** The diagnostics panel (worker side: worker/handler.ts, method `diagnostics`). */
import type { FeatureDescriptor } from '../../client/feature';
import { DiagnosticsPanel } from './ui/DiagnosticsPanel';

export const diagnosticsFeature: FeatureDescriptor = {
  id: 'diagnostics',
  Panel: DiagnosticsPanel,
};
