/**
 * A lab's numbers as plain JSON for "Download results (.json)": the measures, predictions, curves and
 * deltas with the settings that produced them; no pixels or maps (those have their own .npy/.png).
 */
import type { AttributionOutput } from '../protocol/messages';
import type { LabView } from './store';

function run(r: AttributionOutput) {
  return { model: r.model, method: r.method, params: r.params, targetLogit: r.targetLogit, delta: r.delta ?? null, sampleDeltas: r.sampleDeltas ?? null, outputDifference: r.outputDifference ?? null };
}

export function labJson(view: LabView): unknown {
  switch (view.lab) {
    case 'noise':
      return { lab: 'noise', sigma: view.sigma, original: run(view.original), before: view.before, after: view.after, similarity: view.similarity };
    case 'randomization':
      return {
        lab: 'randomization',
        mode: view.mode,
        original: run(view.original),
        originalTop: view.originalTop,
        steps: view.steps.map((s) => ({ layers: s.layers, top: s.top, similarity: s.similarity })),
      };
    case 'shift':
      return {
        lab: 'shift',
        shift: view.shift,
        shiftModel: view.shiftModel,
        layer: view.layer,
        maxLogitDifference: view.maxLogitDifference,
        maxLogitDifferenceBiasOnly: view.maxLogitDifferenceBiasOnly,
        comparisons: view.comparisons.map((c) => ({ id: c.id, label: c.label, params: c.original.params, similarity: c.similarity, relativeChange: c.relativeChange })),
      };
    case 'baselines':
      return { lab: 'baselines', runs: view.results.map(run) };
    case 'convergence':
      return { lab: 'convergence', points: view.points };
    case 'insertion_deletion':
      return {
        lab: 'insertion_deletion',
        target: view.target,
        fractions: view.fractions,
        deletion: view.deletion,
        insertion: view.insertion,
      };
  }
}
