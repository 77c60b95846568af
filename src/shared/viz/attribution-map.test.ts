import { describe, expect, it } from 'vitest';
import { METHOD_IDS, METHODS } from '../../methods/params';
import { attributionMap } from './attribution-map';

describe('attributionMap: the displayed map is in the units its label names', () => {
  // Two pixels, three channels.
  const attributions = Float32Array.from([1, 2, 3, -4, 5, 6]);
  const shape = [1, 1, 2, 3] as const;

  it("occlusion's channels are copies of one window drop: the map is that drop, not three times it", () => {
    const copies = Float32Array.from([0.7, 0.7, 0.7, -2, -2, -2]);
    expect(Array.from(attributionMap({ method: 'occlusion', attributions: copies, shape }))).toEqual([0.7, -2].map(Math.fround));
  });
  it("every other method sums its channels (Captum's visualisation)", () => {
    for (const method of METHOD_IDS.filter((m) => METHODS[m].channels === 'sum')) {
      expect(Array.from(attributionMap({ method, attributions, shape }))).toEqual([6, 7]);
    }
  });
  it('a one-channel map (Grad-CAM) is itself', () => {
    expect(Array.from(attributionMap({ method: 'gradcam', attributions: Float32Array.from([3, -1]), shape: [1, 1, 2, 1] }))).toEqual([3, -1]);
  });
  it('only occlusion, the segment methods and XRAI declare copied channels', () => {
    expect(METHOD_IDS.filter((m) => METHODS[m].channels === 'copies')).toEqual(['occlusion', 'feature_ablation', 'shapley_sampling', 'lime', 'kernel_shap', 'xrai']);
  });
});
