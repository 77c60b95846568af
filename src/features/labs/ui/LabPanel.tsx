import { METHODS } from '../../../methods/params';
import { LAB_IDS } from '../protocol';
import { labJson } from '../state/lab-json';
import { cancelLab, openLab, runOpenLab } from '../state/labs';
import { useApp } from '../../../client/store';
import { downloadBlob } from '../../../ui/download';
import { RunStatus } from '../../../ui/RunProgress';
import { LAB_INFO } from './lab-info';
import { LabSettingsForm } from './LabSettingsForm';
import { BaselinesView, ConvergenceView, InsertionDeletionView, NoiseView, ShiftView } from './LabResults';
import { RandomizationView } from './RandomizationView';

/** The pitfalls lab: each way a saliency map can mislead, as something to trigger and measure. */
export function LabPanel() {
  const lab = useApp((s) => s.lab);
  const method = useApp((s) => s.explain.params.method);
  const hasImage = useApp((s) => s.result != null);
  const info = lab.open ? LAB_INFO[lab.open] : null;
  const r = lab.result;
  return (
    <section className="labs" aria-label="Pitfalls lab">
      <h2>Pitfalls lab</h2>
      <div className="lab-tabs" role="tablist" aria-label="Labs">
        {LAB_IDS.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={lab.open === id} className={lab.open === id ? 'tab current' : 'tab'} onClick={() => openLab(lab.open === id ? null : id)}>
            {LAB_INFO[id].label}
          </button>
        ))}
      </div>
      {!info && <p className="muted">Pick a lab: each one makes a known weakness of saliency maps happen on this image, and measures it.</p>}
      {info && lab.open && (
        <div role="tabpanel" aria-label={info.label} data-lab={lab.open}>
          <p className="lab-lesson">{info.lesson}</p>
          <p className="muted small">
            {info.paper}. <em>Think about it:</em> {info.question}
          </p>
          <LabSettingsForm id={lab.open} methodLabel={METHODS[method].label} />
          <div className="lab-actions">
            <button type="button" className="button primary" disabled={!hasImage || lab.status === 'running'} onClick={runOpenLab}>
              Run {info.label.toLowerCase()}
            </button>
            <button type="button" disabled={!r || lab.status === 'running'} onClick={() => r && downloadBlob(new Blob([JSON.stringify(labJson(r), null, 2)], { type: 'application/json' }), `lab_${r.lab}.json`)}>
              Download results (.json)
            </button>
          </div>
          <RunStatus run={lab} label="Lab progress" failed="The lab failed" onCancel={cancelLab} />
          {r && <LabView view={r} methodLabel={METHODS[method].label} />}
        </div>
      )}
    </section>
  );
}

function LabView({ view, methodLabel }: { view: NonNullable<ReturnType<typeof useApp.getState>['lab']['result']>; methodLabel: string }) {
  switch (view.lab) {
    case 'noise':
      return <NoiseView r={view} />;
    case 'randomization':
      return <RandomizationView r={view} />;
    case 'shift':
      return <ShiftView r={view} />;
    case 'baselines':
      return <BaselinesView r={view} />;
    case 'convergence':
      return <ConvergenceView r={view} />;
    case 'insertion_deletion':
      return <InsertionDeletionView r={view} methodLabel={methodLabel} />;
  }
}
