import { updateViz } from '../client/viz';
import { useApp } from '../client/store';
import { COLORMAPS, COLORMAP_IDS, colormapFor, type ColormapId } from '../shared/viz/colormap';
import { SIGNS, type Sign } from '../shared/viz/normalize';
import { SCALES, type ScaleMode } from '../shared/viz/settings';
import { VIEWS, VIEW_IDS, type ViewId } from '../shared/viz/views';
import { Field } from './Field';

const SIGN_LABELS: Record<Sign, string> = {
  all: 'All (signed)',
  positive: 'Positive',
  negative: 'Negative',
  absolute_value: 'Absolute value',
};

const SCALE_LABELS: Record<ScaleMode, string> = {
  per_map: 'Per map (Captum)',
  shared: 'Shared across panels',
};

/** How maps are drawn: views, sign, colormap, outlier clipping, blend opacity, scale. Never re-runs a method. */
export function DisplayControls() {
  const viz = useApp((s) => s.viz);
  const family = viz.sign === 'all' ? 'diverging' : 'sequential';
  const cmap = colormapFor(viz.sign, viz.cmap);
  const toggle = (view: ViewId, on: boolean) => {
    const views = VIEW_IDS.filter((v) => (v === view ? on : viz.views.includes(v)));
    if (views.length) updateViz({ views });
  };
  return (
    <fieldset className="display-controls">
      <legend>Display</legend>
      <div className="views" role="group" aria-label="Views">
        {VIEW_IDS.map((v) => (
          <label key={v} className="field checkbox">
            <input type="checkbox" checked={viz.views.includes(v)} onChange={(e) => toggle(v, e.target.checked)} />
            {VIEWS[v].label}
          </label>
        ))}
      </div>
      <Field label="Sign">
        <select value={viz.sign} onChange={(e) => updateViz({ sign: e.target.value as Sign })}>
          {SIGNS.map((s) => (
            <option key={s} value={s}>
              {SIGN_LABELS[s]}
            </option>
          ))}
        </select>
      </Field>
      <Field label={<>Colormap ({family === 'diverging' ? 'zero in the middle' : 'zero at the start'})</>}>
        <select value={cmap} onChange={(e) => updateViz({ cmap: e.target.value as ColormapId })}>
          {COLORMAP_IDS.filter((id) => COLORMAPS[id].kind === family).map((id) => (
            <option key={id} value={id}>
              {COLORMAPS[id].label}
              {COLORMAPS[id].colourBlindSafe ? ' — colour-blind safe' : ''}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Outlier %">
        <input
          type="number"
          min={0}
          max={50}
          step={0.5}
          value={viz.outlier}
          onChange={(e) => {
            const v = e.target.valueAsNumber;
            if (Number.isFinite(v) && v >= 0 && v <= 50) updateViz({ outlier: v });
          }}
        />
      </Field>
      {viz.views.includes('blended_heat_map') && (
        <Field label={<>Blend alpha: {viz.alpha.toFixed(2)}</>}>
          <input type="range" min={0} max={1} step={0.05} value={viz.alpha} onChange={(e) => updateViz({ alpha: e.target.valueAsNumber })} />
        </Field>
      )}
      <Field label="Scale">
        <select value={viz.scale} onChange={(e) => updateViz({ scale: e.target.value as ScaleMode })}>
          {SCALES.map((s) => (
            <option key={s} value={s}>
              {SCALE_LABELS[s]}
            </option>
          ))}
        </select>
      </Field>
    </fieldset>
  );
}
