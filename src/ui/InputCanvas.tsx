import { useEffect, useRef } from 'react';
import { describeChoice, useApp } from '../client/store';
import { cropNote } from '../shared/models/input-crop';
import { modelSpec } from '../shared/models/model-spec';

/** The cropped 224x224 image exactly as the model receives it (before normalisation). */
export function InputCanvas() {
  const result = useApp((s) => s.result);
  const image = useApp((s) => s.image);
  const labels = useApp((s) => s.labels);
  // The model whose prediction is shown (result.model), so the note describes the crop it was given.
  const spec = result ? modelSpec(result.model) : null;
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = canvas.current;
    if (!c || !result) return;
    c.width = result.size;
    c.height = result.size;
    c.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(result.pixels), result.size, result.size), 0, 0);
  }, [result]);
  return (
    <figure className="input-view">
      <canvas ref={canvas} width={224} height={224} role="img" aria-label="Model input image" className={result ? '' : 'empty'} />
      <figcaption>
        {result && image && spec ? (
          <>
            {describeChoice(image, labels)} — original {result.original.width}×{result.original.height}, {cropNote(spec)}
          </>
        ) : (
          'Pick a sample photo or upload your own.'
        )}
      </figcaption>
    </figure>
  );
}
