import { memo, useEffect, useRef, type KeyboardEvent, type PointerEvent } from 'react';
import type { ColorbarSpec } from '../shared/viz/colorbar';
import { formatValue } from '../shared/viz/ticks';
import { Colorbar } from './Colorbar';
import { downloadPanelPng } from './export-png';

export interface Hover {
  x: number;
  y: number;
}

export interface MapPanelProps {
  id: string;
  title: string;
  subtitle: string;
  size: number;
  /** RGBA size x size; null while it is drawn (the last picture stays, so nothing jumps). */
  pixels: Uint8ClampedArray | null;
  /** empty: a true result with nothing to draw (every value zero); error: a broken map. */
  state: 'drawn' | 'pending' | 'error' | 'empty';
  message?: string;
  colorbar: ColorbarSpec | null;
  /** The model input, for the RGB readout. */
  rgba: Uint8ClampedArray;
  /** Channel-summed attributions, for the value readout (absent on the input panel). */
  values?: Float32Array;
  hover: Hover | null;
  onHover(h: Hover | null): void;
  filename: string;
  /** Extra lines for the exported PNG (target, model, units), which has no page around it. */
  figureNote: string;
  /**
   * A colorbar of the same shape, kept invisible while `colorbar` is null, so that the panel is as tall
   * pending as drawn (no layout jump when the map arrives). Map panels only.
   */
  reserveColorbar?: ColorbarSpec | null;
  /** A stand-in while the first result computes: nothing to point at, focus or download. */
  placeholder?: boolean;
}

/**
 * One figure: title, the picture (crisp at any zoom: the canvas keeps its 224 pixels and CSS scales
 * it with pixelated rendering), a crosshair shared by every panel, the readout under the pointer, the
 * colorbar and a PNG export. Arrow keys move the crosshair for keyboard users.
 */
export const MapPanel = memo(function MapPanel(p: MapPanelProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (ctx && p.pixels) ctx.putImageData(new ImageData(new Uint8ClampedArray(p.pixels), p.size, p.size), 0, 0);
  }, [p.pixels, p.size]);

  const at = (e: PointerEvent<HTMLCanvasElement>): Hover => {
    const r = e.currentTarget.getBoundingClientRect();
    const clamp = (v: number) => Math.max(0, Math.min(p.size - 1, Math.floor(v)));
    return { x: clamp(((e.clientX - r.left) / r.width) * p.size), y: clamp(((e.clientY - r.top) / r.height) * p.size) };
  };
  const onKey = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 8 : 1;
    const move: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const d = move[e.key];
    if (!d) return;
    e.preventDefault();
    const h = p.hover ?? { x: p.size >> 1, y: p.size >> 1 };
    p.onHover({ x: Math.max(0, Math.min(p.size - 1, h.x + d[0])), y: Math.max(0, Math.min(p.size - 1, h.y + d[1])) });
  };

  const h = p.hover;
  const i = h ? h.y * p.size + h.x : -1;
  const rgb = h ? `RGB ${p.rgba[i * 4]}, ${p.rgba[i * 4 + 1]}, ${p.rgba[i * 4 + 2]}` : '';
  const readout = h
    ? `(${h.x}, ${h.y}) ${p.values ? `attribution ${formatValue(p.values[i])} · ` : ''}${rgb}`
    : '';
  return (
    <figure className="panel" data-panel={p.id} data-state={p.state}>
      <figcaption>
        <h3>{p.title}</h3>
        <p className="muted small">{p.subtitle}</p>
      </figcaption>
      <div className="panel-canvas">
        <canvas
          ref={canvas}
          width={p.size}
          height={p.size}
          tabIndex={p.placeholder ? undefined : 0}
          role="img"
          aria-label={p.placeholder ? `${p.title}: computing` : p.title}
          className={p.pixels ? '' : 'empty'}
          onPointerMove={(e) => p.onHover(at(e))}
          onPointerLeave={() => p.onHover(null)}
          onKeyDown={onKey}
          onBlur={() => p.onHover(null)}
        />
        {h && (
          <>
            <span className="cross-x" style={{ top: `${((h.y + 0.5) / p.size) * 100}%` }} />
            <span className="cross-y" style={{ left: `${((h.x + 0.5) / p.size) * 100}%` }} />
          </>
        )}
        {p.state === 'error' && <p className="panel-message error-text">{p.message}</p>}
        {p.state === 'empty' && <p className="panel-message">{p.message}</p>}
      </div>
      <p className="readout small" data-testid="readout" aria-live="off">
        {readout}
      </p>
      {p.colorbar ? <Colorbar spec={p.colorbar} label={p.title} /> : p.reserveColorbar ? <Colorbar spec={p.reserveColorbar} label={p.title} reserved /> : null}
      {/* Map panels always keep the note's lines (see .panel-note), pending or drawn. */}
      {p.values || p.reserveColorbar ? (
        <p className="muted small panel-note">{p.state !== 'error' && p.state !== 'empty' ? p.message : null}</p>
      ) : (
        p.message && p.state !== 'error' && p.state !== 'empty' && <p className="muted small panel-note">{p.message}</p>
      )}
      <button
        type="button"
        className="small-button"
        disabled={!p.pixels || p.state === 'error' || p.state === 'empty' || p.placeholder}
        onClick={() => p.pixels && downloadPanelPng({ title: p.title, subtitle: p.subtitle, note: p.figureNote, pixels: p.pixels, size: p.size, colorbar: p.colorbar }, p.filename)}
      >
        Download PNG
      </button>
    </figure>
  );
});
