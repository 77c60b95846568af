/**
 * A lab's numbers as plain JSON for "Download results (.json)": the measures, predictions, curves and
 * deltas with the settings that produced them; no pixels or maps (those have their own .npy/.png).
 */
import { RISE_AUC_RULE } from '../../../shared/metrics/curves';
import { RANK_LABELS } from '../../../shared/metrics/pixel-order';
import type { AttributionOutput } from '../../../shared/protocol/messages';
import type { LabView } from '../../../client/store';

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
        // Every method, on the same randomised models: one similarity per step, in the steps' order.
        methods: (view.series ?? []).map((m) => ({ method: m.method, original: run(m.original), similarity: m.similarity, steps: m.results.map(run) })),
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
    case 'insertion_deletion': {
      const { klen, nsig, weights } = view.kernel;
      const zero = view.zeroRgb.map((v) => +v.toFixed(3));
      return {
        lab: 'insertion_deletion',
        reference: 'RISE (Petsiuk, Das & Saenko 2018), github.com/eclique/RISE evaluation.py: CausalMetric.single_run, gkern, auc; substrates from Evaluation.ipynb',
        target: view.target,
        score: 'softmax probability of the target class, over all classes',
        ranking: {
          mode: view.rank,
          rule: `pixels ranked by ${RANK_LABELS[view.rank]}`,
          ties: 'lower pixel index (row-major) first',
        },
        substrates: {
          space: `model input (${view.preprocessing} preprocessing)`,
          deletion: `zeros in model-input space (RISE's torch.zeros_like), the pixel colour RGB (${zero.join(', ')})`,
          insertion: `the model input blurred by conv2d with gkern(${klen}, ${nsig}) per channel, zero padding ${klen >> 1} in model-input space`,
        },
        kernel: {
          name: `gkern(${klen}, ${nsig})`,
          construction: `scipy.ndimage.gaussian_filter(delta at the centre of a ${klen}x${klen} array, sigma=${nsig}) (truncate 4, mode reflect), as float32`,
          weights: Array.from({ length: klen }, (_, r) => weights.slice(r * klen, (r + 1) * klen)),
        },
        steps: {
          step: view.step,
          nSteps: view.nSteps,
          rule: 'n_steps = ceil(HW / step); n_steps + 1 points; before point i, min(step * i, HW) pixels changed',
          counts: view.counts,
        },
        auc: { rule: RISE_AUC_RULE, x: 'i / n_steps' },
        randomOrder: { seed: view.seed, rule: 'seeded Fisher-Yates permutation (a control; not in RISE)' },
        fractions: view.fractions,
        deletion: view.deletion,
        insertion: view.insertion,
      };
    }
  }
}
