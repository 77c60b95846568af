/** Every feature of the page, one line each, in the order of their tabs. */
import type { FeatureDescriptor } from '../client/feature';
import { attacksFeature } from '../features/attacks';
import { compareFeature } from '../features/compare';
import { counterfactualsFeature } from '../features/counterfactuals';
import { diagnosticsFeature } from '../features/diagnostics';
import { explainFeature } from '../features/explain';
import { igPathFeature } from '../features/ig-path';
import { labsFeature } from '../features/labs';
import { lessonsFeature } from '../features/lessons';

export const FEATURES: readonly FeatureDescriptor[] = [
  explainFeature,
  compareFeature,
  labsFeature,
  igPathFeature,
  attacksFeature,
  counterfactualsFeature,
  diagnosticsFeature,
  lessonsFeature,
];
