import type { ApproximationMethod } from '../../../methods/ig/approximation';
import { APPROXIMATION_METHODS, minSteps } from '../../../methods/ig/approximation';
import { BASELINE_IDS, BASELINES, type BaselineId } from '../../../methods/params';
import { MAX_PATH_STEPS, type PathScale } from '../state/ig-path-settings';
import { cancelIgPath, runIgPathNow, updateIgPathSettings } from '../state/ig-path';
import { PathResults } from './PathResults';
import { useApp } from '../../../client/store';
import { Field } from '../../../ui/Field';
import { NumberField } from '../../../ui/NumberField';
import { RunStatus } from '../../../ui/RunProgress';
import './ig-path.css';

/**
 * The Integrated Gradients path explorer (Sturmfels, Lundberg & Lee, "Visualizing the Impact of
 * Feature Attribution Baselines", Distill 2020, live): move α from the baseline to the photo and see
 * the image, the gradient and the attributions so far, with the score and the running sum as curves.
 */
export function IgPathPanel() {
  const p = useApp((s) => s.igPath);
  const hasImage = useApp((s) => s.result != null);
  const s = p.settings;
  return (
    <section className="ig-path" aria-label="Integrated Gradients path">
      <h2>Integrated Gradients path</h2>
      <div className="lab-settings">
        <Field label="Baseline">
          <select value={s.baseline} onChange={(e) => updateIgPathSettings({ baseline: e.target.value as BaselineId })}>
            {BASELINE_IDS.map((id) => (
              <option key={id} value={id}>
                {BASELINES[id]}
              </option>
            ))}
          </select>
        </Field>
        <NumberField label="Steps (n_steps)" value={s.steps} min={minSteps(s.method)} max={MAX_PATH_STEPS} onCommit={(steps) => updateIgPathSettings({ steps })} />
        <Field label="Approximation">
          <select
            value={s.method}
            onChange={(e) => {
              const method = e.target.value as ApproximationMethod;
              updateIgPathSettings({ method, steps: Math.max(s.steps, minSteps(method)) });
            }}
          >
            {APPROXIMATION_METHODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Colour scale">
          <select value={s.scale} onChange={(e) => updateIgPathSettings({ scale: e.target.value as PathScale })}>
            <option value="path">Same for every α</option>
            <option value="alpha">Each α its own</option>
          </select>
        </Field>
      </div>
      <div className="lab-actions">
        <button type="button" className="button primary" disabled={!hasImage || p.status === 'running'} onClick={runIgPathNow}>
          Run path
        </button>
      </div>
      <RunStatus run={p} label="IG path progress" failed="The IG path failed" onCancel={cancelIgPath} />
      {p.result && <PathResults r={p.result} alpha={s.alpha} scale={s.scale} />}
      <p className="lab-lesson">
        Integrated Gradients walks a straight line from a baseline b to the photo x and adds up the gradient along the way: attributions = (x − b) ·
        ∫ ∇f(b + α (x − b)) dα. Completeness says they sum to f(x) − f(b), but only if the sum over the quadrature points follows the curve: where the
        score jumps between two points, the sum misses it. Move α and watch where the score changes, and why some baselines need more steps.
      </p>
      <p className="muted small">
        Sundararajan et al. 2017; Sturmfels, Lundberg &amp; Lee 2020 (Distill, “Visualizing the Impact of Feature Attribution Baselines”). The same points,
        weights and sum as the Explain panel’s Integrated Gradients (Captum’s quadratures), kept point by point. Target, seed and batch are the Explain panel’s.
      </p>
    </section>
  );
}
