/**
 * After a lost GPU device or a crashed worker: a new worker, the model reloaded, the photo
 * re-classified and the armed panels re-run, once. A second fault before all of that completed falls
 * back to WebGL without re-running the panels that did not complete; a third stops (recovery.ts).
 * Which panels re-run, and how each is disarmed, comes from the features' descriptors.
 */
import { features } from './features-registry';
import { getApp, setApp, useApp, type AppState } from './store';
import { repeatedFaultNotice, type Panel, type Work } from './recovery';
import { setCrashHandler } from './worker';
import { setMarker } from './markers';
import { classifyChoice, ensureModel, forceBackend, forcedBackendName, forgetModel, recovery } from './model-lifecycle';

const panels = () => features().flatMap((f) => (f.recovery ? [f.recovery] : []));

/** What a recovery re-runs: the model, the photo shown, and each panel that re-runs for a new photo by itself. */
function redoList(s: AppState): Work[] {
  return ['model', ...(s.image ? (['classify'] as const) : []), ...panels().filter((p) => p.armed(s)).map((p) => p.panel)];
}

/** A panel that faulted twice waits for the student: its Run button (or "Explain this prediction") runs it again. */
function disarm(panel: Panel) {
  const p = panels().find((r) => r.panel === panel);
  if (p) setApp((s) => p.disarm(s));
}

function recover() {
  void ensureModel(getApp().modelId)
    .then(() => {
      const image = getApp().image;
      if (image) void classifyChoice(image);
    })
    .catch(() => {});
}

let wired = false;

/** Installs the crash handler and the completion tracking (once). */
export function wireRecovery(): void {
  if (wired) return;
  wired = true;
  useApp.subscribe((s, prev) => {
    for (const { panel } of panels()) if (s[panel].status === 'done' && prev[panel].status !== 'done') recovery.completed(panel);
  });
  setCrashHandler((message, code) => {
    const s = getApp();
    const decision = recovery.fault(redoList(s));
    forgetModel();
    if (decision.action === 'rerun') {
      // A notice, not an alert: re-classifying below clears alerts, and the student should read this.
      setApp({
        notice:
          code === 'device-lost'
            ? `${message} Saliency Lab started a new model worker on a new device and reloaded the model; your photo and settings are kept.`
            : `${message} It has been restarted and the model reloaded; your photo and settings are kept.`,
        model: { status: 'idle' },
      });
      recover();
      return;
    }
    for (const p of decision.faulted) disarm(p);
    const from = s.backend?.name ?? null;
    if (decision.action === 'fallback' && (from === null || from === 'webgpu')) {
      forceBackend('webgl', `forced after ${code === 'device-lost' ? 'the GPU device was lost twice' : 'the model worker stopped twice'}; reload the page to try it again`);
    }
    const notice = repeatedFaultNotice({
      decision,
      code,
      detail: { lab: s.lab.open, attack: s.attack.settings.attack },
      from,
      to: forcedBackendName() ?? from ?? 'webgl',
    });
    console.warn(`Saliency Lab: ${notice}`);
    if (decision.action === 'stop') {
      setApp({ notice, model: { status: 'error' } });
      setMarker('backend', ''); // no worker runs until the student asks for something
      return;
    }
    setApp({ notice, model: { status: 'idle' } });
    recover();
  });
}
