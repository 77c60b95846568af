import { APPROXIMATION_METHODS } from '../../../methods/ig/approximation';
import { BASELINE_IDS, BASELINES } from '../../../methods/params';
import { RANK_LABELS, RANKS, type Rank } from '../../../shared/metrics/pixel-order';
import { RISE_KLEN, RISE_NSIG } from '../../../shared/metrics/rise-blur';
import type { LabId } from '../protocol';
import { MAX_LAB_POINTS } from '../state/lab-settings';
import { updateLabSettings } from '../state/labs';
import { useApp } from '../../../client/store';
import { NumberField } from '../../../ui/NumberField';
import { Field } from '../../../ui/Field';
import { LabMethodsField } from './LabMethodsField';
import { NoiseSigmaField } from './NoiseSigmaField';

function Checks<T extends string>(props: { label: string; all: readonly T[]; chosen: T[]; names?: Record<T, string>; onChange(v: T[]): void }) {
  return (
    <fieldset className="lab-checks">
      <legend>{props.label}</legend>
      {props.all.map((v) => (
        <label key={v} className="field checkbox">
          <input
            type="checkbox"
            checked={props.chosen.includes(v)}
            onChange={(e) => {
              const next = props.all.filter((x) => (x === v ? e.target.checked : props.chosen.includes(x)));
              if (next.length) props.onChange(next);
            }}
          />
          {props.names?.[v] ?? v}
        </label>
      ))}
    </fieldset>
  );
}

/** Only the settings the open lab reads; the method, target and its parameters come from above. */
export function LabSettingsForm({ id, methodLabel }: { id: LabId; methodLabel: string }) {
  const s = useApp((st) => st.lab.settings);
  const currentMethod = useApp((st) => st.explain.params.method);
  const set = updateLabSettings;
  switch (id) {
    case 'noise':
      return (
        <div className="lab-settings">
          <NoiseSigmaField />
          <p className="muted small">Method: {methodLabel} (set above), seed from above.</p>
        </div>
      );
    case 'randomization':
      return (
        <div className="lab-settings">
          <Field label="Randomisation">
            <select value={s.mode} onChange={(e) => set({ mode: e.target.value as 'cascade' | 'independent' })}>
              <option value="cascade">Cascading, from the top layer down</option>
              <option value="independent">One layer at a time</option>
            </select>
          </Field>
          <NumberField label="Layers (from the top)" value={s.depth} min={1} max={200} onCommit={(depth) => set({ depth })} />
          <LabMethodsField current={currentMethod} chosen={s.methods} onChange={(methods) => set({ methods })} />
          <p className="muted small">
            Method: {methodLabel}{s.methods.some((m) => m !== currentMethod) ? ', and the methods ticked, all on the same randomised models' : ''}. Kernels are re-drawn (top layer N(0, 0.02²) as in the workshop notebook; others with their own
            standard deviation), seeded; biases and BatchNorm statistics are kept; the original weights are never changed.
          </p>
        </div>
      );
    case 'shift':
      return (
        <div className="lab-settings">
          <NumberField label="Shift (added to every pixel value)" value={s.shift} min={-255} max={255} onCommit={(shift) => set({ shift })} />
          <p className="muted small">Compares saliency, Input × Gradient and IG (zero and black baselines; IG steps from above).</p>
        </div>
      );
    case 'baselines':
      return (
        <div className="lab-settings">
          <Checks label="Baselines" all={BASELINE_IDS} chosen={s.baselines} names={Object.fromEntries(BASELINE_IDS.map((b) => [b, BASELINES[b].split(' (')[0]])) as Record<(typeof BASELINE_IDS)[number], string>} onChange={(baselines) => set({ baselines })} />
          <p className="muted small">Integrated Gradients with the steps and quadrature set above.</p>
        </div>
      );
    case 'convergence':
      return (
        <div className="lab-settings">
          <Field label="n_steps values (comma-separated)">
            <input
              type="text"
              defaultValue={s.steps.join(', ')}
              key={s.steps.join(',')}
              onBlur={(e) => {
                const steps = [...new Set(e.target.value.split(',').map((v) => Number(v.trim())).filter((v) => Number.isInteger(v) && v >= 1 && v <= 1000))].sort((a, b) => a - b);
                if (steps.length) set({ steps });
              }}
            />
          </Field>
          <Checks label="Quadratures" all={APPROXIMATION_METHODS} chosen={s.approximations} onChange={(approximations) => set({ approximations })} />
          <p className="muted small">Integrated Gradients with the baseline set above.</p>
        </div>
      );
    case 'insertion_deletion':
      return (
        <div className="lab-settings">
          <NumberField label="Steps per curve (RISE’s n_steps)" value={s.points} min={2} max={MAX_LAB_POINTS} onCommit={(points) => set({ points })} />
          <Field label="Rank pixels by">
            <select value={s.rank} onChange={(e) => set({ rank: e.target.value as Rank })}>
              {RANKS.map((r) => (
                <option key={r} value={r}>
                  {RANK_LABELS[r]}
                </option>
              ))}
            </select>
          </Field>
          <p className="muted small">
            Uses the map of {methodLabel} (set above) for the target class, as RISE’s evaluation code does it: ⌈224² / steps⌉ pixels
            per step; deletion sets them to 0 in model-input space (mid-gray for MobileNet, the mean colour for ResNet-50);
            insertion restores them into the input blurred in model-input space with RISE’s gkern({RISE_KLEN}, {RISE_NSIG}) (nearly an
            11 × 11 box, zero padding); AUC by RISE’s rule. RISE’s notebook uses 224 steps.
          </p>
        </div>
      );
  }
}
