import { useEffect, useRef } from 'react';
import { useApp } from '../../../client/store';
import type { AttributionOutput } from '../../../shared/protocol/messages';

/** The pixels on a segment's edge: those whose right or lower neighbour belongs to another segment. */
export function segmentEdges(labels: Int32Array, width: number, height: number): Uint8Array {
  const edge = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if ((x + 1 < width && labels[i + 1] !== labels[i]) || (y + 1 < height && labels[i + width] !== labels[i])) edge[i] = 1;
    }
  }
  return edge;
}

/**
 * The features a segment method (Feature Ablation, Shapley sampling, LIME, Kernel SHAP; XRAI's regions) scored:
 * the model input with its segments' edges drawn, so a student sees what "one feature" is before reading the map.
 */
export function SegmentsView({ result }: { result: AttributionOutput }) {
  const input = useApp((s) => s.result);
  const canvas = useRef<HTMLCanvasElement>(null);
  const segments = result.segments;
  const [, height, width] = result.shape;
  useEffect(() => {
    const c = canvas.current;
    if (!c || !segments || !input || input.size !== width) return;
    const rgba = new Uint8ClampedArray(input.pixels);
    const edge = segmentEdges(segments, width, height);
    for (let i = 0; i < edge.length; i++) {
      if (edge[i]) rgba.set([255, 230, 0, 255], 4 * i);
    }
    c.width = width;
    c.height = height;
    c.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
  }, [segments, input, width, height]);
  if (!segments) return null;
  const count = new Set(segments).size;
  // XRAI's regions are its own (Felzenszwalb at several scales, grown, chosen greedily by gain).
  const kind = result.method === 'xrai' ? 'XRAI regions' : result.params.segments === 'grid' ? 'grid cells' : 'SLIC superpixels';
  return (
    <figure className="segments-view" data-testid="segments-view" data-segments={count}>
      <canvas ref={canvas} width={width} height={height} role="img" aria-label={`The ${count} ${kind} the method scored, outlined on the input`} />
      <figcaption>
        The {count} {kind} scored as features (edges in yellow): every pixel of a segment gets its segment&apos;s value.
      </figcaption>
    </figure>
  );
}
