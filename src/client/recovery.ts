/**
 * What the page does after a fault (a lost GPU device, a crashed model worker): re-run the interrupted
 * work once; if it faults again before the page is healthy, fall back (restart on WebGL, re-classify,
 * leave the work that faulted twice for the student to run again); if even that faults, stop.
 * Pure: no store, no worker, so it is unit-tested without a browser (recovery.test.ts).
 *
 * "Healthy" means everything the recovery re-runs has completed since the fault: the model is loaded,
 * the photo classified, and every panel that re-runs by itself (explanation, comparison grid, lab,
 * attack, counterfactual) has finished. The re-classification alone is not enough: the panels re-run
 * after it, and a panel is what usually faults (the randomisation lab's read-back did).
 */
import type { LabId } from '../features/labs/protocol';
import type { BackendName, WorkerError } from '../shared/protocol/messages';

export type Panel = 'explain' | 'compare' | 'lab' | 'attack' | 'cf';
export type Work = 'model' | 'classify' | Panel;
const PANELS: readonly Work[] = ['explain', 'compare', 'lab', 'attack', 'cf'];
const isPanel = (w: Work): w is Panel => PANELS.includes(w);

export type Decision =
  /** Restart the worker, reload the model, re-classify, and let every armed panel re-run. */
  | { action: 'rerun' }
  /** A second fault before the page was healthy: restart on the fallback backend; do not re-run `faulted`. */
  | { action: 'fallback'; faulted: Panel[] }
  /** A fault even after the fallback: leave the worker stopped (the student's next request starts one). */
  | { action: 'stop'; faulted: Panel[] };

export class RecoveryPolicy {
  /** Since the last fault: whether the page fell back, and what it re-runs that has not completed yet. */
  private episode: { fellBack: boolean; unfinished: Set<Work> } | null = null;

  /** No recovery under way: the last one (if any) completed everything it re-ran. */
  get healthy(): boolean {
    return this.episode === null;
  }

  /** A fault. `redo`: what a recovery would re-run (the model, the photo shown, the armed panels). */
  fault(redo: Work[]): Decision {
    if (!this.episode) {
      this.episode = { fellBack: false, unfinished: new Set(redo) };
      return { action: 'rerun' };
    }
    // The panels re-run since the last fault that never completed: they may be what faults.
    const faulted = [...this.episode.unfinished].filter(isPanel);
    if (this.episode.fellBack) {
      this.episode.unfinished = new Set(redo.filter((w) => !faulted.includes(w as Panel)));
      return { action: 'stop', faulted };
    }
    this.episode = { fellBack: true, unfinished: new Set(redo.filter((w) => !faulted.includes(w as Panel))) };
    return { action: 'fallback', faulted };
  }

  /** `work` finished successfully (a panel: its status became "done"). */
  completed(work: Work): void {
    if (!this.episode) return;
    this.episode.unfinished.delete(work);
    if (this.episode.unfinished.size === 0) this.episode = null;
  }
}

const LAB_NAMES: Record<LabId, string> = {
  noise: 'noise-fragility',
  randomization: 'model-randomisation',
  shift: 'input-shift',
  baselines: 'baseline-choice',
  convergence: 'convergence',
  insertion_deletion: 'insertion/deletion',
};

/** A panel as the notice names it; `lab` and `attack` say which one. */
function panelName(panel: Panel, detail: { lab?: LabId | null; attack?: string }): string {
  switch (panel) {
    case 'explain':
      return 'the explanation';
    case 'compare':
      return 'the method comparison';
    case 'lab':
      return detail.lab ? `the ${LAB_NAMES[detail.lab]} lab` : 'the lab';
    case 'attack':
      return detail.attack ? `the ${detail.attack.toUpperCase()} attack` : 'the attack';
    case 'cf':
      return 'the counterfactual';
  }
}

const BUTTONS: Record<Panel, string> = {
  explain: '“Explain this prediction”',
  compare: '“Compare”',
  lab: 'Run',
  attack: 'Run',
  cf: 'Run',
};
const BACKEND_NAMES: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WebAssembly', cpu: 'the CPU' };

const list = (items: string[], and = 'and') => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`);

/**
 * The notice after a second fault: what happened, while doing what, where the page runs now, that the
 * photo and settings are kept, and how to try again. `detail`: which lab and attack are open.
 */
export function repeatedFaultNotice(o: {
  decision: Exclude<Decision, { action: 'rerun' }>;
  code: WorkerError['code'];
  detail: { lab?: LabId | null; attack?: string };
  from: BackendName | null;
  to: BackendName;
}): string {
  const names = o.decision.faulted.map((p) => panelName(p, o.detail));
  const what = o.code === 'device-lost' ? 'The GPU device was lost' : 'The model worker stopped';
  const during = names.length ? ` while running ${list(names)}` : ' in a row';
  const buttons = [...new Set(o.decision.faulted.map((p) => BUTTONS[p]))];
  const retry = buttons.length ? ` Press ${list(buttons, 'or')} to try again.` : '';
  if (o.decision.action === 'stop') {
    return `${what} again${names.length ? during : ''}, after Saliency Lab had already restarted the model worker twice. It stopped restarting it: pick a photo to try again, or reload the page.`;
  }
  const where =
    o.from === o.to
      ? `Saliency Lab restarted it on ${BACKEND_NAMES[o.to]} without running that again`
      : `Saliency Lab switched to ${BACKEND_NAMES[o.to]}`;
  return `${what} twice${during}. ${where}; your photo and settings are kept.${retry}`;
}
