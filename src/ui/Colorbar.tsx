import { useEffect, useRef } from 'react';
import type { ColorbarSpec } from '../shared/viz/colorbar';

const RAMP = 256;

/**
 * The legend of a panel, drawn from the same lookup table as the map: ramp, end values (what the
 * outlier-clipped ends stand for), round ticks in between, and the sign in words.
 */
export function Colorbar({ spec, label, reserved = false }: { spec: ColorbarSpec; label: string; reserved?: boolean }) {
  const ramp = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ramp.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(RAMP, 1);
    for (let i = 0; i < RAMP; i++) img.data.set([...spec.color(i / (RAMP - 1)), 255], i * 4);
    ctx.putImageData(img, 0, 0);
  }, [spec]);
  return (
    // `reserved`: the same box, invisible (and hidden from assistive technology), while the map computes.
    <div
      className={reserved ? 'colorbar reserved' : 'colorbar'}
      {...(reserved ? { 'aria-hidden': true } : { role: 'img', 'aria-label': `${label}: colour scale from ${spec.startLabel} to ${spec.endLabel}` })}
    >
      <canvas ref={ramp} width={RAMP} height={1} className="colorbar-ramp" />
      <div className="colorbar-ticks" aria-hidden>
        <span className="tick-end start" data-testid={reserved ? undefined : 'colorbar-start'}>{spec.startLabel}</span>
        {spec.ticks.map((t) => (
          <span key={t.value} className="tick" style={{ left: `${t.position * 100}%` }}>
            {t.label}
          </span>
        ))}
        {spec.middleLabel && (
          <span className="tick middle" style={{ left: '50%' }}>
            {spec.middleLabel}
          </span>
        )}
        <span className="tick-end end" data-testid={reserved ? undefined : 'colorbar-end'}>{spec.endLabel}</span>
      </div>
      <div className="colorbar-legend">
        {spec.legend.map((l) => (
          <span key={l.t}>
            <i className="swatch" style={{ background: `rgb(${spec.color(l.t).join(', ')})` }} /> {l.text}
          </span>
        ))}
      </div>
    </div>
  );
}
