import { useApp } from '../../../client/store';
import { Field } from '../../../ui/Field';
import { noiseLabModeText, noiseMapStale, updateLabSettings } from '../state/labs';

/**
 * The noise lab's σ as a slider (0–255 pixel levels, its value shown beside it; arrow keys step 0.5,
 * Page Up/Down further). Each move updates the settings and the link; the lab re-runs (debounced)
 * where it is live, and says so, or that it runs on demand and why.
 */
export function NoiseSigmaField() {
  const sigma = useApp((s) => s.lab.settings.sigma);
  const text = useApp((s) => noiseLabModeText(s));
  const stale = useApp((s) => s.lab.status !== 'running' && noiseMapStale(s));
  return (
    <>
      {/* The value in the label, as the blend-alpha slider has it (DisplayControls). */}
      <Field label={<>Noise σ: {sigma} pixel levels (0–255)</>}>
        <input
          type="range"
          min={0}
          max={255}
          step={0.5}
          value={sigma}
          aria-valuetext={`${sigma} pixel levels`}
          onChange={(e) => updateLabSettings({ sigma: e.target.valueAsNumber })}
        />
      </Field>
      <p className="muted small" data-testid="lab-run-mode">
        {text}
      </p>
      <p className="stale-note small" role="status">
        {stale && <strong data-testid="lab-map-stale">Settings changed since these maps were computed.</strong>}
      </p>
    </>
  );
}
