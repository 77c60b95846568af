import { describe, expect, it } from 'vitest';
import { riseSteps } from '../../../shared/metrics/curves';
import { gkern } from '../../../shared/metrics/rise-blur';
import type { AttributionOutput } from '../../../shared/protocol/messages';
import type { InsertionDeletionResult, RandomizationLabResult } from '../protocol';
import { labJson } from './lab-json';

describe('lab JSON: insertion/deletion says how it was computed', () => {
  const { step, nSteps, counts } = riseSteps(224 * 224, 4);
  const curve = { scores: [0.9, 0.5, 0.2, 0.1, 0.05], auc: 0.3 };
  const result = (rank: 'signed' | 'abs', preprocessing: 'mobilenet' | 'caffe'): InsertionDeletionResult => ({
    lab: 'insertion_deletion',
    target: 1,
    rank,
    seed: 3,
    step,
    nSteps,
    counts,
    fractions: [0, 0.25, 0.5, 0.75, 1],
    deletion: { saliency: curve, random: curve },
    insertion: { saliency: curve, random: curve },
    kernel: { klen: 11, nsig: 5, weights: Array.from(gkern(11, 5)) },
    preprocessing,
    zeroRgb: preprocessing === 'mobilenet' ? [127.5, 127.5, 127.5] : [123.68, 116.779, 103.939],
    order: new Uint32Array(4),
    randomOrder: new Uint32Array(4),
    input: new Float32Array(12),
    blurred: new Float32Array(12),
  });

  it('names RISE, the substrates, the kernel with its weights, the ranking, the steps and the AUC rule', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json = labJson(result('signed', 'mobilenet')) as any;
    expect(json.reference).toMatch(/eclique\/RISE evaluation\.py/);
    expect(json.score).toMatch(/softmax probability of the target/);
    expect(json.ranking).toEqual({ mode: 'signed', rule: expect.stringMatching(/^pixels ranked by signed Σc a/), ties: expect.any(String) });
    expect(json.substrates.deletion).toMatch(/zeros in model-input space .*RGB \(127\.5, 127\.5, 127\.5\)/);
    expect(json.substrates.insertion).toMatch(/gkern\(11, 5\).*zero padding 5 in model-input space/);
    expect(json.kernel.name).toBe('gkern(11, 5)');
    expect(json.kernel.construction).toMatch(/gaussian_filter.*sigma=5.*reflect/);
    expect(json.kernel.weights).toHaveLength(11);
    expect(json.kernel.weights[5][5]).toBe(gkern(11, 5)[60]);
    expect(json.steps).toEqual({ step: 12544, nSteps: 4, rule: expect.stringMatching(/ceil\(HW \/ step\)/), counts: [0, 12544, 25088, 37632, 50176] });
    expect(json.auc.rule).toBe('(sum(scores) - scores[0] / 2 - scores[-1] / 2) / (len(scores) - 1)');
    expect(json.fractions).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(json.deletion.saliency).toEqual(curve);
    expect(JSON.stringify(json)).not.toMatch(/"order"|"input"|"blurred"/); // no pixels in the numbers file
  });
  it('says |Σc a| and the caffe mean colour when those were used', () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json = labJson(result('abs', 'caffe')) as any;
    expect(json.ranking.rule).toMatch(/\|Σc a\|/);
    expect(json.substrates.deletion).toMatch(/RGB \(123\.68, 116\.779, 103\.939\)/);
    expect(json.substrates.space).toMatch(/caffe/);
  });
});

describe('lab JSON: randomisation carries every method', () => {
  const sim = (v: number) => ({ spearman: v, spearmanAbs: v, topK: v, topKFraction: 0.1, ssim: v });
  const out = (method: 'saliency' | 'guided_backprop', logit: number) =>
    ({ model: 'mobilenet_v1_0.75_224', method, params: { method, target: 1 }, targetLogit: logit, attributions: new Float32Array(3), shape: [1, 1, 1, 3] }) as unknown as AttributionOutput;
  it('one entry per method, in the order run, with its similarity per step and each run, and no maps', () => {
    const g = [out('guided_backprop', 9), out('guided_backprop', 2), out('guided_backprop', 1)];
    const s = [out('saliency', 9), out('saliency', 2), out('saliency', 1)];
    const r: RandomizationLabResult = {
      lab: 'randomization',
      mode: 'cascade',
      original: g[0],
      originalTop: [],
      steps: [
        { layers: ['a'], result: g[1], top: [], similarity: sim(0.9) },
        { layers: ['a', 'b'], result: g[2], top: [], similarity: sim(0.8) },
      ],
      series: [
        { method: 'guided_backprop', original: g[0], results: g.slice(1), similarity: [sim(0.9), sim(0.8)] },
        { method: 'saliency', original: s[0], results: s.slice(1), similarity: [sim(0.3), sim(0.2)] },
      ],
    };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const json = labJson(r) as any;
    expect(json.methods.map((m: { method: string }) => m.method)).toEqual(['guided_backprop', 'saliency']);
    expect(json.methods[1].similarity.map((x: { spearmanAbs: number }) => x.spearmanAbs)).toEqual([0.3, 0.2]);
    expect(json.methods[1].steps.map((x: { targetLogit: number }) => x.targetLogit)).toEqual([2, 1]);
    expect(json.methods[0].original.method).toBe('guided_backprop');
    expect(json.steps).toHaveLength(2);
    expect(JSON.stringify(json)).not.toMatch(/"attributions"/);
  });
});
