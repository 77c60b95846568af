import { METHODS, METHOD_IDS, type AttributionParams } from '../../../methods/params';
import { NOISE_TUNNEL, usesSeed } from '../../../methods/registry';
import { SEED } from '../../../methods/common';
import type { ParamSpec } from '../../../methods/spec';
import { updateParams } from '../state/explain';
import { useApp } from '../../../client/store';
import { NumberField } from '../../../ui/NumberField';
import { TargetPicker } from './TargetPicker';
import { RunModeNote } from './RunModeNote';
import { Field } from '../../../ui/Field';
import { camLayerProblem, camLayersOf, camLayerText } from '../../../methods/cam-layer';
import { modelSpec } from '../../../shared/models/model-spec';

type SetParams = (patch: Partial<AttributionParams>) => void;

/** Method, target and only the parameters the chosen method reads, each control made from its spec. */
export function MethodControls() {
  const params = useApp((s) => s.explain.params);
  const method = METHODS[params.method];
  const set: SetParams = (patch) => updateParams(patch);
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
        {method.paper}.
        {method.captumDifference ? <> Differs from Captum: {method.captumDifference}</> : null}
      </p>
      <TargetPicker />
      {[...method.params, ...NOISE_TUNNEL.params]
        .filter((spec) => !spec.shownWhen || spec.shownWhen(params))
        .map((spec) => (
          <ParamControl key={spec.key} spec={spec} params={params} set={set} />
        ))}
      {usesSeed(params) && <ParamControl spec={SEED} params={params} set={set} />}
      <RunModeNote />
    </div>
  );
}

function ParamControl({ spec, params, set }: { spec: ParamSpec; params: AttributionParams; set: SetParams }) {
  switch (spec.kind) {
    case 'enum':
      return (
        <Field label={spec.label}>
          <select value={params[spec.key]} onChange={(e) => set({ [spec.key]: e.target.value })}>
            {spec.values.map((v) => (
              <option key={v} value={v}>
                {spec.names?.[v] ?? v}
              </option>
            ))}
          </select>
        </Field>
      );
    case 'bool':
      return (
        <label className="field checkbox">
          <input type="checkbox" checked={params[spec.key]} onChange={(e) => set({ [spec.key]: e.target.checked })} />
          <span>{spec.label}</span>
        </label>
      );
    case 'layer':
      return <LayerControl label={spec.label} value={params.layer} set={set} />;
    case 'int':
    case 'float':
      return (
        <NumberField
          label={spec.label}
          value={params[spec.key] ?? 0}
          min={spec.minFor ? spec.minFor(params) : spec.min}
          max={spec.max}
          step={spec.step}
          onCommit={(v) => set({ [spec.key]: v })}
        />
      );
  }
}

/** A CAM method's layer: the current model's conv blocks, shallow to deep ('' = the last, as the URL's default). */
function LayerControl({ label, value, set }: { label: string; value: string; set: SetParams }) {
  const model = useApp((s) => s.modelId);
  const layers = camLayersOf(modelSpec(model));
  const problem = camLayerProblem(model, value);
  const last = layers.at(-1);
  return (
    <>
      <Field label={label}>
        <select value={value} onChange={(e) => set({ layer: e.target.value })}>
          <option value="">Default: the last conv block{last ? `, ${camLayerText(last)}` : ''}</option>
          {layers.map((l) => (
            <option key={l.name} value={l.name}>
              {camLayerText(l)}
            </option>
          ))}
          {problem && <option value={value}>{value} (unknown here)</option>}
        </select>
      </Field>
      {problem && <p className="error-text small">{problem}</p>}
    </>
  );
}
