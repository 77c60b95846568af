import type { KeyboardEvent } from 'react';
import { chartScale, chartTicks, compactNumber, type Axis, type ChartScale } from '../shared/viz/chart-scales';

export interface Series {
  id: string;
  label: string;
  points: Array<{ x: number; y: number }>;
  color: string;
  dashed?: boolean;
}

interface Props {
  /** Visible caption, and the chart's accessible name. */
  title: string;
  series: Series[];
  x: Axis;
  y: Axis;
  /** x values are indices 0..n-1 labelled by these (e.g. layer names). */
  xCategories?: string[];
  /** viewBox size; the SVG scales to its container's width. */
  width?: number;
  height?: number;
  selected?: { seriesId: string; index: number } | null;
  onSelect?(seriesId: string, index: number): void;
  /** A vertical line at this x (e.g. a slider's position), its label as a tooltip. */
  marker?: { x: number; label: string };
  testId?: string;
}

const DASH = '6 4';
const CATEGORY_CHARS = 10;

/** A value a scale can place: finite, and > 0 on a log axis. */
const drawable = (v: number, axis: Axis) => Number.isFinite(v) && (!axis.log || v > 0);

/** One path through the drawable points; a point that cannot be drawn breaks the line. */
function linePath(s: Series, sx: ChartScale, sy: ChartScale, x: Axis, y: Axis): string {
  let d = '';
  let pen = false;
  for (const p of s.points) {
    if (!drawable(p.x, x) || !drawable(p.y, y)) pen = false;
    else {
      d += `${pen ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`;
      pen = true;
    }
  }
  return d;
}

const truncate = (s: string) => (s.length > CATEGORY_CHARS ? `${s.slice(0, CATEGORY_CHARS - 1)}…` : s);

/** A small SVG line chart: axes, one line per series, a (selectable) mark per point, an HTML legend. */
export function LineChart({ title, series, x, y, xCategories, width = 480, height = 260, selected, onSelect, marker, testId }: Props) {
  const m = { l: 52, r: 14, t: 10, b: xCategories ? 70 : 40 };
  const n = xCategories?.length ?? 0;
  const xAxis: Axis = xCategories ? { ...x, log: false, domain: x.domain ?? [-0.5, Math.max(n, 1) - 0.5] } : x;
  const sx = chartScale(series.flatMap((s) => s.points.map((p) => p.x)), xAxis, [m.l, width - m.r]);
  const sy = chartScale(series.flatMap((s) => s.points.map((p) => p.y)), y, [height - m.b, m.t]);
  const step = Math.max(1, Math.ceil(n / Math.floor((width - m.l - m.r) / 16)));
  const xTicks = xCategories
    ? xCategories.flatMap((c, i) => (i % step ? [] : [{ value: i, position: sx(i), label: truncate(c), full: c }]))
    : chartTicks(sx, xAxis.log ?? false, 5, xAxis.integer).map((t) => ({ ...t, full: t.label }));
  const yTicks = chartTicks(sy, y.log ?? false);
  const xText = (v: number) => (xCategories ? (xCategories[v] ?? compactNumber(v)) : compactNumber(v));
  const bottom = height - m.b;
  const onKey = (e: KeyboardEvent, id: string, i: number) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    onSelect?.(id, i);
  };

  return (
    <figure className="line-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      {/* Interactive points must stay visible to assistive technology, which role="img" would hide. */}
      <svg viewBox={`0 0 ${width} ${height}`} role={onSelect ? 'group' : 'img'} aria-label={title}>
        <g className="axis y-axis" aria-hidden>
          {yTicks.map((t) => (
            <g key={t.value}>
              <line className="grid" x1={m.l} x2={width - m.r} y1={t.position} y2={t.position} />
              <text x={m.l - 6} y={t.position} textAnchor="end" dominantBaseline="middle">{t.label}</text>
            </g>
          ))}
          <text className="axis-label" transform={`translate(12 ${(m.t + bottom) / 2}) rotate(-90)`} textAnchor="middle">
            {y.label}
          </text>
        </g>
        <g className="axis x-axis" aria-hidden>
          <line className="domain" x1={m.l} x2={width - m.r} y1={bottom} y2={bottom} />
          {xTicks.map((t) => (
            <g key={t.value} transform={`translate(${t.position} ${bottom})`}>
              <line y2={5} />
              {xCategories ? (
                <text transform="translate(0 9) rotate(-40)" textAnchor="end" dominantBaseline="middle">
                  <title>{t.full}</title>
                  {t.label}
                </text>
              ) : (
                <text y={9} textAnchor="middle" dominantBaseline="hanging">{t.label}</text>
              )}
            </g>
          ))}
          <text className="axis-label" x={(m.l + width - m.r) / 2} y={height - 4} textAnchor="middle">{x.label}</text>
        </g>
        {marker && Number.isFinite(sx(marker.x)) && (
          <line className="chart-marker" x1={sx(marker.x)} x2={sx(marker.x)} y1={m.t} y2={bottom} stroke="#555" strokeWidth={1.5} strokeDasharray="3 3">
            <title>{marker.label}</title>
          </line>
        )}
        {series.map((s) => (
          <g key={s.id} className="series">
            <path d={linePath(s, sx, sy, xAxis, y)} fill="none" stroke={s.color} strokeWidth={2} strokeDasharray={s.dashed ? DASH : undefined} />
            {s.points.map((p, i) => {
              if (!drawable(p.x, xAxis) || !drawable(p.y, y)) return null;
              const on = selected?.seriesId === s.id && selected.index === i;
              const text = `${s.label}: x=${xText(p.x)}, y=${compactNumber(p.y)}`;
              const [cx, cy] = [sx(p.x), sy(p.y)];
              return (
                <g key={i}>
                  {on && <circle className="point-ring" cx={cx} cy={cy} r={9} stroke={s.color} />}
                  <circle
                    className={`point${on ? ' selected' : ''}`}
                    cx={cx}
                    cy={cy}
                    r={on ? 6 : 3.5}
                    fill={s.color}
                    data-series={s.id}
                    data-index={i}
                    {...(onSelect && {
                      tabIndex: 0,
                      role: 'button',
                      'aria-label': `${s.label}: ${x.label} ${xText(p.x)}, ${y.label} ${compactNumber(p.y)}`,
                      'aria-pressed': on,
                      onClick: () => onSelect(s.id, i),
                      onKeyDown: (e: KeyboardEvent) => onKey(e, s.id, i),
                    })}
                  >
                    <title>{text}</title>
                  </circle>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <ul className="line-chart-legend">
        {series.map((s) => (
          <li key={s.id}>
            <svg width={26} height={10} aria-hidden>
              <line x1={1} x2={25} y1={5} y2={5} stroke={s.color} strokeWidth={2.5} strokeDasharray={s.dashed ? DASH : undefined} />
            </svg>
            {s.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
