import { APPROXIMATION_METHODS, minSteps } from '../../../methods/ig/approximation';
import {
  BASELINES,
  BASELINE_IDS,
  DISTRIBUTIONS,
  DISTRIBUTION_IDS,
  METHODS,
  METHOD_IDS,
  NT_TYPES,
  type AttributionParams,
} from '../../../methods/params';
import { updateParams } from '../state/explain';
import { useApp } from '../../../client/store';
import { NumberField } from '../../../ui/NumberField';
import { TargetPicker } from './TargetPicker';
import { Field } from '../../../ui/Field';

/** Method, target and only the parameters the chosen method reads. */
export function MethodControls() {
  const params = useApp((s) => s.explain.params);
  const uses = new Set(METHODS[params.method].uses);
  const set = (patch: Partial<AttributionParams>) => updateParams(patch);
  return (
    <div className="controls">
      <Field label="Method">
        <select value={params.method} onChange={(e) => set({ method: e.target.value as AttributionParams['method'] })}>
          {METHOD_IDS.map((m) => (
            <option key={m} value={m}>
              {METHODS[m].label}
            </option>
          ))}
        </select>
      </Field>
      <p className="method-note muted small">
        {METHODS[params.method].paper}.
        {METHODS[params.method].captumDifference ? <> Differs from Captum: {METHODS[params.method].captumDifference}</> : null}
      </p>
      <TargetPicker />
      {uses.has('baseline') && (
        <Field label="Baseline">
          <select value={params.baseline} onChange={(e) => set({ baseline: e.target.value as AttributionParams['baseline'] })}>
            {BASELINE_IDS.map((b) => (
              <option key={b} value={b}>
                {BASELINES[b]}
              </option>
            ))}
          </select>
        </Field>
      )}
      {uses.has('dist') && (
        <Field label="Baseline distribution">
          <select value={params.dist} onChange={(e) => set({ dist: e.target.value as AttributionParams['dist'] })}>
            {DISTRIBUTION_IDS.map((d) => (
              <option key={d} value={d}>
                {DISTRIBUTIONS[d]}
              </option>
            ))}
          </select>
        </Field>
      )}
      {uses.has('steps') && <NumberField label="Steps (n_steps)" value={params.steps} min={minSteps(params.igMethod)} max={1000} onCommit={(steps) => set({ steps })} />}
      {uses.has('igMethod') && (
        <Field label="Approximation">
          <select value={params.igMethod} onChange={(e) => set({ igMethod: e.target.value as AttributionParams['igMethod'] })}>
            {APPROXIMATION_METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </Field>
      )}
      {uses.has('samples') && <NumberField label="Samples (n_samples)" value={params.samples} min={1} max={500} onCommit={(samples) => set({ samples })} />}
      {uses.has('stdevs') && (
        <NumberField label="GradientShap noise stdev (model-input units; 0 = none)" value={params.stdevs} min={0} max={1000} step={0.01} onCommit={(stdevs) => set({ stdevs })} />
      )}
      {uses.has('abs') && (
        <label className="field checkbox">
          <input type="checkbox" checked={params.abs} onChange={(e) => set({ abs: e.target.checked })} />
          <span>Absolute value (Captum's default)</span>
        </label>
      )}
      {uses.has('window') && <NumberField label="Window (px)" value={params.window} min={1} max={224} onCommit={(window) => set({ window })} />}
      {uses.has('stride') && <NumberField label="Stride (px)" value={params.stride} min={1} max={224} onCommit={(stride) => set({ stride })} />}
      <Field label="NoiseTunnel">
        <select value={params.nt} onChange={(e) => set({ nt: e.target.value as AttributionParams['nt'] })}>
          {NT_TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>
      </Field>
      {params.nt !== 'none' && <NumberField label="NoiseTunnel samples" value={params.ntSamples} min={1} max={500} onCommit={(ntSamples) => set({ ntSamples })} />}
      {params.nt !== 'none' && (
        <NumberField label="NoiseTunnel noise stdev (model-input units; 0 = 15 % of the input range)" value={params.ntStdevs} min={0} max={1000} step={0.01} onCommit={(ntStdevs) => set({ ntStdevs })} />
      )}
      {(uses.has('samples') || uses.has('baseline') || uses.has('dist') || params.nt !== 'none') && (
        <NumberField label="Seed" value={params.seed} min={0} max={2147483647} onCommit={(seed) => set({ seed })} />
      )}
    </div>
  );
}
