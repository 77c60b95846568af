import type { AttackId, AttackResult } from '../protocol';
import { cancelAttack, runAttackNow, updateAttackSettings } from '../state/attacks';
import { useMemo } from 'react';
import { useApp, useClassNames } from '../../../client/store';
import { encodeNpy } from '../../../shared/viz/npy';
import { formatValue } from '../../../shared/viz/ticks';
import { downloadBlob } from '../../../ui/download';
import { formatProbability } from '../../../ui/format';
import { TopClasses } from '../../labs/ui/TopClasses';
import { LineChart } from '../../../ui/LineChart';
import { MapGrid } from '../../compare/ui/MapGrid';
import { NumberField } from '../../../ui/NumberField';
import { Picture, amplifiedDifference } from '../../../ui/Picture';
import { RunStatus } from '../../../ui/RunProgress';
import { Field } from '../../../ui/Field';

function Results({ r }: { r: AttackResult }) {
  // Memoised: a new array would make the picture redraw on every render.
  const perturbation = useMemo(() => amplifiedDifference(r.perturbation, r.epsilon), [r]);
  const labels = useClassNames();
  const name = (i: number) => `${labels?.display[i] ?? 'class'} #${i}`;
  const size = r.saliency.original.shape[1];
  const flipped = r.after[0].index !== r.label;
  return (
    <>
      <p className="lab-verdict" data-testid="attack-verdict">
        {r.attack.toUpperCase()}, ε = {r.epsilon} pixel levels ({formatValue(r.epsilonModel)} in model-input units), largest change{' '}
        <span data-testid="attack-linf">{formatValue(r.linf)}</span>: the prediction {flipped ? 'flips' : 'stays'}: {name(r.before[0].index)} (
        {formatProbability(r.before[0].probability)}) → {name(r.after[0].index)} ({formatProbability(r.after[0].probability)})
        {r.target != null && <> — target {name(r.target)}: {formatProbability(r.trace[r.trace.length - 1].target ?? 0)}</>}.
      </p>
      <div className="lab-columns">
        <Picture rgba={r.saliency.original.pixels} size={size} label="Original image" caption="Original" />
        <Picture rgba={r.pixels} size={size} label="Adversarial image" caption="Adversarial (rounded to 8 bits for display only)" />
        <Picture rgba={perturbation} size={size} label="Perturbation" caption={`Perturbation, amplified: gray = 0, black/white = ∓${r.epsilon}`} />
      </div>
      <div className="lab-columns">
        <TopClasses title="Before" top={r.before} />
        <TopClasses title="After" top={r.after} />
      </div>
      {r.attack === 'pgd' && (
        <LineChart
          title="Probability per PGD step"
          series={[
            { id: 'label', label: `${name(r.label)} (predicted before)`, points: r.trace.map((t) => ({ x: t.step, y: t.label })), color: '#1a5fb4' },
            ...(r.target != null
              ? [{ id: 'target', label: `${name(r.target)} (target)`, points: r.trace.map((t) => ({ x: t.step, y: t.target ?? NaN })), color: '#c01c28', dashed: true }]
              : []),
          ]}
          x={{ label: 'step', integer: true }}
          y={{ label: 'probability', domain: [0, 1] }}
          testId="attack-chart"
        />
      )}
      <MapGrid
        channel="attack"
        results={[r.saliency.original, r.saliency.adversarial]}
        compare
        titles={['Original image', 'Adversarial image']}
        notes={[`explained for ${name(r.label)}`, `explained for ${name(r.label)}`]}
        showInput={false}
        columns={2}
      />
      <div className="downloads">
        <button type="button" onClick={() => downloadBlob(encodeNpy(r.input, [1, size, size, 3]), `adversarial_${r.attack}_${r.saliency.original.model}.npy`)}>
          Download adversarial (.npy)
        </button>
      </div>
    </>
  );
}

/** Adversarial examples: the smallest pixel changes that change the answer, and what the map makes of them. */
export function AttackPanel() {
  const a = useApp((s) => s.attack);
  const labels = useClassNames();
  const hasImage = useApp((s) => s.result != null);
  const s = a.settings;
  return (
    <section className="attacks" aria-label="Adversarial examples">
      <h2>Adversarial examples</h2>
      <p className="lab-lesson">
        Change every pixel by at most ε in the direction that hurts the prediction most (the sign of the loss gradient). A change too small to
        see can flip the class: the network’s evidence is not what we see, and its saliency map changes with it.
      </p>
      <p className="muted small">
        Goodfellow et al. 2015 (FGSM); Madry et al. 2018 (PGD); as Captum’s <code>FGSM</code> and <code>PGD</code>, in pixel space, clipped to 0–255.
      </p>
      <div className="lab-settings">
        <Field label="Attack">
          <select value={s.attack} onChange={(e) => updateAttackSettings({ attack: e.target.value as AttackId })}>
            <option value="fgsm">FGSM (one step)</option>
            <option value="pgd">PGD (projected steps)</option>
          </select>
        </Field>
        <NumberField label="ε (pixel levels)" value={s.epsilon} min={0} max={255} step={0.5} onCommit={(epsilon) => updateAttackSettings({ epsilon })} />
        <Field label="Goal">
          <select value={s.target == null ? 'untargeted' : 'targeted'} onChange={(e) => updateAttackSettings({ target: e.target.value === 'targeted' ? (s.target ?? 0) : null })}>
            <option value="untargeted">Untargeted: away from the predicted class</option>
            <option value="targeted">Targeted: towards a class</option>
          </select>
        </Field>
        {s.target != null && (
          <NumberField label={`Target class: ${labels?.display[s.target] ?? ''}`} value={s.target} min={0} max={(labels?.display.length ?? 1000) - 1} onCommit={(target) => updateAttackSettings({ target })} />
        )}
        {s.attack === 'pgd' && (
          <>
            <NumberField label="Steps" value={s.steps} min={1} max={1000} onCommit={(steps) => updateAttackSettings({ steps })} />
            <NumberField label="Step size (pixel levels)" value={s.stepSize} min={0} max={255} step={0.1} onCommit={(stepSize) => updateAttackSettings({ stepSize })} />
            <label className="field checkbox">
              <input type="checkbox" checked={s.randomStart} onChange={(e) => updateAttackSettings({ randomStart: e.target.checked })} />
              Random start
            </label>
          </>
        )}
      </div>
      <div className="lab-actions">
        <button type="button" className="button primary" disabled={!hasImage || a.status === 'running'} onClick={runAttackNow}>
          Run {s.attack.toUpperCase()}
        </button>
      </div>
      <RunStatus run={a} label="Attack progress" failed="The attack failed" onCancel={cancelAttack} />
      {a.result && <Results r={a.result} />}
    </section>
  );
}
