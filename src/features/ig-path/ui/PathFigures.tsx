import { useMemo } from 'react';
import type { IgPathResult } from '../protocol';
import type { PathScale } from '../state/ig-path-settings';
import { accumulatedMap, gradientAt, interpolatedImage, type PathStop } from './path-view';
import { CrispCanvas } from './CrispCanvas';
import { Colorbar } from '../../../ui/Colorbar';
import { LineChart } from '../../../ui/LineChart';
import { colorbarSpec } from '../../../shared/viz/colorbar';
import { colormapFor } from '../../../shared/viz/colormap';
import { scaleBy, scaleThreshold } from '../../../shared/viz/normalize';
import { formatValue } from '../../../shared/viz/ticks';
import { paintMap } from '../../../shared/viz/views';
import { useApp } from '../../../client/store';

const CURVE = '#1a5fb4';
const RUNNING = '#c01c28';

interface Props {
  r: IgPathResult;
  stops: PathStop[];
  at: number;
  scale: PathScale;
}

/** One colour scale along the whole path: the largest of the maps' own (Captum's outlier-clipped) ends. */
function pathThresholds(r: IgPathResult, stops: PathStop[], outlier: number): { gradient: number; attribution: number } {
  let gradient = 0;
  for (const s of stops) gradient = Math.max(gradient, scaleThreshold(gradientAt(r, s), 'all', outlier));
  // The accumulated map grows towards the complete one; their largest end is the complete map's, near enough.
  const attribution = Math.max(...[stops.length - 1, Math.floor(stops.length / 2)].map((i) => scaleThreshold(accumulatedMap(r, stops[i].count), 'all', outlier)));
  return { gradient, attribution };
}

/** The four views of the point at the slider: x_α, the gradient there, the attributions so far, and both curves. */
export function PathFigures({ r, stops, at, scale }: Props) {
  const viz = useApp((s) => s.viz);
  const cmap = colormapFor('all', viz.cmap);
  const stop = stops[at];
  const image = useMemo(() => interpolatedImage(r.pixels, r.baselineRgb, stop.alpha), [r, stop.alpha]);
  const shared = useMemo(() => pathThresholds(r, stops, viz.outlier), [r, stops, viz.outlier]);
  const gradient = gradientAt(r, stop);
  const accumulated = useMemo(() => accumulatedMap(r, stop.count), [r, stop.count]);
  const gradientEnd = scale === 'path' ? shared.gradient : scaleThreshold(gradient, 'all', viz.outlier);
  const attributionEnd = scale === 'path' ? shared.attribution : scaleThreshold(accumulated, 'all', viz.outlier);
  const gradientPicture = useMemo(() => paintMap(scaleBy(gradient, 'all', gradientEnd), true, cmap), [gradient, gradientEnd, cmap]);
  const attributionPicture = useMemo(() => paintMap(scaleBy(accumulated, 'all', attributionEnd), true, cmap), [accumulated, attributionEnd, cmap]);
  const alpha = formatValue(stop.alpha);
  const modelUnits = r.model === 'resnet50' ? 'input: pixel levels, mean-subtracted BGR' : 'input: pixels / 127.5 − 1';
  return (
    <div className="ig-path-figures">
      <figure className="ig-path-figure">
        <figcaption>
          Interpolated image at α = {alpha}
        </figcaption>
        <CrispCanvas rgba={image} size={r.size} label={`Interpolated image at α = ${alpha}`} testId="igpath-image" />
        <p className="small muted">
          <i>x</i>
          <sub>α</sub> = <i>b</i> + α (<i>x</i> − <i>b</i>): what the network sees at this point of the straight path from the baseline (α = 0) to the photo (α = 1).
        </p>
      </figure>
      <figure className="ig-path-figure">
        <figcaption>Gradient at α = {alpha}</figcaption>
        <CrispCanvas rgba={gradientPicture} size={r.size} label={`Gradient of the target logit at α = ${alpha}`} testId="igpath-gradient" />
        <Colorbar spec={colorbarSpec('heat_map', 'all', cmap, gradientEnd)} label="Gradient, ∂logit/∂input" />
        <p className="small muted">
          ∂<i>f</i>/∂<i>x</i> at <i>x</i>
          <sub>α</sub>, summed over the colour channels. Units: ∂logit/∂input ({modelUnits});{' '}
          {scale === 'path' ? 'one scale for every α, so a saturated stretch of the path shows as fading' : 'scaled for this α alone'}.
        </p>
      </figure>
      <figure className="ig-path-figure">
        <figcaption>Attributions accumulated up to α = {alpha}</figcaption>
        <CrispCanvas rgba={attributionPicture} size={r.size} label={`Attributions accumulated up to α = ${alpha}`} testId="igpath-accumulated" />
        <Colorbar spec={colorbarSpec('heat_map', 'all', cmap, attributionEnd)} label="Accumulated attributions, logit" />
        <p className="small muted">
          Σ over the points α<sub>k</sub> ≤ α of <i>w</i>
          <sub>k</sub> (<i>x</i> − <i>b</i>) · ∇<i>f</i>(<i>x</i>
          <sub>α_k</sub>), channels summed: {stop.count} of {r.alphas.length} points so far. Units: logit;{' '}
          {scale === 'path' ? 'one scale for every α (the complete map’s)' : 'scaled for this α alone'}.
        </p>
      </figure>
      <figure className="ig-path-figure">
        <LineChart
          title="Along the path: the score and the running sum"
          series={[
            { id: 'curve', label: 'f(x_α) − f(baseline), logit', points: stops.map((s) => ({ x: s.alpha, y: s.score })), color: CURVE },
            { id: 'running', label: 'running sum of attributions, logit', points: stops.map((s) => ({ x: s.alpha, y: s.running })), color: RUNNING, dashed: true },
          ]}
          x={{ label: 'α', domain: [0, 1] }}
          y={{ label: 'logit' }}
          selected={{ seriesId: 'curve', index: at }}
          marker={{ x: stop.alpha, label: `slider at α = ${alpha}` }}
          width={440}
          height={300}
          testId="igpath-chart"
        />
        <p className="small muted">
          Where the blue curve climbs, the score changes; the red running sum follows it only as far as the quadrature is fine enough there. At α = 1 the
          curve is f(x) − f(b) exactly, and the running sum is the sum of the attributions: their gap is the convergence delta.
        </p>
      </figure>
    </div>
  );
}
