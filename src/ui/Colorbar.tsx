import { cssColor, type ColormapId } from '../viz/colormap';

const fmt = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? v.toPrecision(3) : v.toExponential(2));

/**
 * The legend of a heatmap: the colours used and the attribution values they stand for. Values beyond
 * the outlier threshold are drawn at the end colour, so the ends read "<=" and ">=".
 */
export function Colorbar({ cmap, signed, threshold }: { cmap: ColormapId; signed: boolean; threshold: number }) {
  const stops = Array.from({ length: 11 }, (_, i) => `${cssColor(cmap, i / 10)} ${i * 10}%`).join(', ');
  return (
    <div className="colorbar" role="img" aria-label={signed ? `Colour scale from ${fmt(-threshold)} to ${fmt(threshold)}` : `Colour scale from 0 to ${fmt(threshold)}`}>
      <div className="colorbar-ramp" style={{ background: `linear-gradient(to right, ${stops})` }} />
      <div className="colorbar-ticks">
        <span>{signed ? `≤ ${fmt(-threshold)}` : '0'}</span>
        {signed && <span>0</span>}
        <span>≥ {fmt(threshold)}</span>
      </div>
      {signed && (
        <div className="colorbar-legend">
          <span className="neg">blue: lowers the target score</span>
          <span className="pos">red: raises it</span>
        </div>
      )}
    </div>
  );
}
