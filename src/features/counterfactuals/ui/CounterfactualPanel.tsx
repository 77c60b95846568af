import type { CounterfactualId } from '../protocol';
import { cancelCf, runCfNow, setDistractorFile, updateCfSettings } from '../state/counterfactuals';
import { useApp, useClassNames } from '../../../client/store';
import { NumberField } from '../../../ui/NumberField';
import { RunStatus } from '../../../ui/RunProgress';
import { OptimiseResults } from './OptimiseResults';
import { SwapResults } from './SwapResults';
import { Field } from '../../../ui/Field';

const LESSONS: Record<CounterfactualId, { text: string; paper: string }> = {
  optimise: {
    text: 'Search for the image nearest to this one (fewest, smallest pixel changes) that the model puts in another class. Where the pixels had to change is one answer to “why this class and not that one?”; how little had to change says how fragile the decision is.',
    paper: 'Wachter et al. 2017, as OmniXAI’s CounterfactualExplainer: minimise c · max(0, κ − margin) + Σ|x − x₀|, i.e. hinge + λ·L1 with λ = 1/c.',
  },
  swap: {
    text: 'Replace cells of this image, one at a time, with cells of a photo of another class, always taking the swap that raises that class most, until the model changes its mind. The cells it needed are the parts that separate the two classes for the model.',
    paper: 'Goyal et al. 2019, “Counterfactual Visual Explanations” (greedy search; here on pixel cells rather than feature-map cells).',
  },
};

/** Counterfactual explanations: what must change for the model to say another class. */
export function CounterfactualPanel() {
  const cf = useApp((s) => s.cf);
  const labels = useClassNames();
  const result = useApp((s) => s.result);
  const s = cf.settings;
  const runnerUp = result?.top[1]?.index;
  const target = s.target ?? runnerUp;
  const name = (i: number | undefined) => (i == null ? '' : `${labels?.display[i] ?? 'class'} #${i}`);
  // The sample photos are ImageNet's, one per ImageNet class: an uploaded model's class has none of its own.
  const imagenet = useApp((s) => s.labels);
  const ownClasses = labels !== imagenet;
  const distractor = s.distractor ?? target ?? 0;
  const lesson = LESSONS[s.kind];
  return (
    <section className="counterfactuals" aria-label="Counterfactual explanations">
      <h2>Counterfactual explanations</h2>
      <p className="lab-lesson">{lesson.text}</p>
      <p className="muted small">{lesson.paper}</p>
      <div className="lab-settings">
        <Field label="Counterfactual">
          <select value={s.kind} onChange={(e) => updateCfSettings({ kind: e.target.value as CounterfactualId })}>
            <option value="optimise">Optimisation: smallest pixel change</option>
            <option value="swap">Region swap: cells from a photo of the class</option>
          </select>
        </Field>
        <NumberField label={`Class to reach: ${name(target)}`} value={target ?? 0} min={0} max={(labels?.display.length ?? 1000) - 1} onCommit={(t) => updateCfSettings({ target: t })} />
        {s.target != null && runnerUp != null && s.target !== runnerUp && (
          <button type="button" className="button" onClick={() => updateCfSettings({ target: null })}>
            Use the runner-up ({name(runnerUp)})
          </button>
        )}
        {s.kind === 'optimise' ? (
          <>
            <NumberField label="c (hinge weight; λ = 1/c)" value={s.optimise.c} min={1e-6} max={1e9} step={0.1} onCommit={(c) => updateCfSettings({ optimise: { ...s.optimise, c } })} />
            <NumberField label="κ (margin, logits)" value={s.optimise.kappa} min={0} max={1000} step={0.5} onCommit={(kappa) => updateCfSettings({ optimise: { ...s.optimise, kappa } })} />
            <NumberField label="Learning rate (0–1 image units)" value={s.optimise.learningRate} min={1e-6} max={1} step={0.001} onCommit={(learningRate) => updateCfSettings({ optimise: { ...s.optimise, learningRate } })} />
            <NumberField label="Iterations" value={s.optimise.iterations} min={1} max={5000} onCommit={(iterations) => updateCfSettings({ optimise: { ...s.optimise, iterations } })} />
            <NumberField label="Binary-search steps over c" value={s.optimise.searchSteps} min={1} max={10} onCommit={(searchSteps) => updateCfSettings({ optimise: { ...s.optimise, searchSteps } })} />
            <p className="muted small">OmniXAI’s defaults are 1000 iterations × 5 search steps; each iteration is one gradient of the network.</p>
          </>
        ) : (
          <>
            <NumberField label="Grid (cells per side)" value={s.swap.grid} min={1} max={16} onCommit={(grid) => updateCfSettings({ swap: { ...s.swap, grid } })} />
            <label className="field checkbox">
              <input type="checkbox" checked={s.swap.anyCell} onChange={(e) => updateCfSettings({ swap: { ...s.swap, anyCell: e.target.checked } })} />
              Take distractor cells from any position (cells² tries per swap)
            </label>
            <NumberField
              label={
                ownClasses
                  ? `Distractor: ImageNet sample photo #${distractor} (${imagenet?.display[distractor] ?? 'photo'}); use your own photo of the class below`
                  : `Distractor: sample photo of ${name(s.distractor ?? target)}`
              }
              value={s.distractor ?? target ?? 0}
              min={0}
              max={999}
              onCommit={(d) => updateCfSettings({ distractor: d === target ? null : d })}
            />
            <Field label="…or your own photo of the class">
              <input type="file" accept="image/*" onChange={(e) => setDistractorFile(e.target.files?.[0] ?? null)} />
            </Field>
            {cf.distractorFile && (
              <p className="small">
                Distractor: {cf.distractorFile.name}{' '}
                <button type="button" className="button" onClick={() => setDistractorFile(null)}>
                  Use the sample photo instead
                </button>
              </p>
            )}
          </>
        )}
      </div>
      <div className="lab-actions">
        <button type="button" className="button primary" disabled={!result || target == null || cf.status === 'running'} onClick={runCfNow}>
          Find a counterfactual
        </button>
      </div>
      <RunStatus run={cf} label="Counterfactual progress" failed="The search failed" onCancel={cancelCf} />
      {cf.result?.kind === 'optimise' && <OptimiseResults r={cf.result} />}
      {cf.result?.kind === 'swap' && <SwapResults r={cf.result} />}
    </section>
  );
}
