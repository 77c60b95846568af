import { useEffect, useRef, useState } from 'react';

/**
 * A square RGBA picture drawn sharp at any CSS size: the canvas's backing store follows its laid-out
 * size in device pixels (CSS size × devicePixelRatio, or the exact device-pixel box where the browser
 * reports it), and the picture is scaled up without smoothing, so each model-input pixel stays a crisp
 * block instead of a blur.
 */
export function CrispCanvas({ rgba, size, label, testId }: { rgba: Uint8ClampedArray; size: number; label: string; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [backing, setBacking] = useState(size);
  useEffect(() => {
    const el = canvas.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const device = entry.devicePixelContentBoxSize?.[0]?.inlineSize;
      const px = device ?? Math.round(entry.contentRect.width * (window.devicePixelRatio || 1));
      setBacking(Math.max(size, Math.round(px)));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [size]);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const source = new OffscreenCanvas(size, size);
    source.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(rgba), size, size), 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(source, 0, 0, backing, backing);
  }, [rgba, size, backing]);
  return <canvas ref={canvas} className="ig-path-canvas" width={backing} height={backing} role="img" aria-label={label} data-testid={testId} />;
}
