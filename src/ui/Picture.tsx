import { useEffect, useRef } from 'react';

/** A grid overlay for a picture: cell lines and numbered cells (the region swap's order). */
export interface GridMarks {
  grid: number;
  marks: Array<{ cell: number; label: string }>;
}

/** A plain RGBA picture with a caption (adversarial and counterfactual images, differences). */
export function Picture({ rgba, size, label, caption, overlay, testId }: { rgba: Uint8ClampedArray; size: number; label: string; caption: string; overlay?: GridMarks; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba), size, size), 0, 0);
    if (overlay) drawGrid(ctx, size, overlay);
  }, [rgba, size, overlay]);
  return (
    <figure className="picture" data-testid={testId}>
      <canvas ref={canvas} width={size} height={size} role="img" aria-label={label} />
      <figcaption className="small muted">{caption}</figcaption>
    </figure>
  );
}

function drawGrid(ctx: CanvasRenderingContext2D, size: number, { grid, marks }: GridMarks) {
  const step = Math.floor(size / grid);
  const edge = (i: number) => (i === grid ? size : i * step);
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.7)';
  ctx.lineWidth = 1;
  for (let i = 1; i < grid; i++) {
    ctx.beginPath();
    ctx.moveTo(edge(i) + 0.5, 0);
    ctx.lineTo(edge(i) + 0.5, size);
    ctx.moveTo(0, edge(i) + 0.5);
    ctx.lineTo(size, edge(i) + 0.5);
    ctx.stroke();
  }
  ctx.font = `bold ${Math.max(10, Math.min(18, step / 2))}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (const { cell, label } of marks) {
    const r = Math.floor(cell / grid);
    const c = cell % grid;
    const [x0, x1, y0, y1] = [edge(c), edge(c + 1), edge(r), edge(r + 1)];
    ctx.strokeStyle = '#ffd400';
    ctx.lineWidth = 2;
    ctx.strokeRect(x0 + 1, y0 + 1, x1 - x0 - 2, y1 - y0 - 2);
    ctx.fillStyle = 'rgba(0, 0, 0, 0.65)';
    ctx.fillRect((x0 + x1) / 2 - 10, (y0 + y1) / 2 - 9, 20, 18);
    ctx.fillStyle = '#fff';
    ctx.fillText(label, (x0 + x1) / 2, (y0 + y1) / 2 + 1);
  }
}

/** A signed HWC RGB difference made visible: mid-gray is no change, black/white is -/+ `range`. */
export function amplifiedDifference(diff: Float32Array, range: number): Uint8ClampedArray {
  const n = diff.length / 3;
  const out = new Uint8ClampedArray(n * 4);
  const gain = range > 0 ? 127.5 / range : 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[i * 4 + c] = 127.5 + diff[i * 3 + c] * gain;
    out[i * 4 + 3] = 255;
  }
  return out;
}
