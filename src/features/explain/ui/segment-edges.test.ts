import { describe, expect, it } from 'vitest';
import { segmentEdges } from './SegmentsView';

describe('segmentEdges', () => {
  it('marks a pixel whose right or lower neighbour is in another segment, and nothing inside a segment', () => {
    // 4x3: segment 0 on the left two columns, 1 on the right two, 2 in the bottom-right pixel.
    const labels = Int32Array.from([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 2]);
    expect(Array.from(segmentEdges(labels, 4, 3))).toEqual([0, 1, 0, 0, 0, 1, 0, 1, 0, 1, 1, 0]);
    expect(Array.from(segmentEdges(new Int32Array(12), 4, 3)).every((e) => e === 0)).toBe(true);
  });
});
