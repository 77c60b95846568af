/** Running FGSM / PGD for the image shown; a newer run cancels the older. */
import { WorkerCallError } from '../worker/client';
import { parseAttack, writeAttack, type AttackSettings } from './attack-settings';
import { currentSource } from './source';
import { getApp, setApp, type AttackState } from './store';
import { replaceSearch } from './url';
import { client } from './worker';

let running: AbortController | null = null;

function setAttack(patch: Partial<AttackState>) {
  setApp((s) => ({ attack: { ...s.attack, ...patch } }));
}

export function initAttack(search: string): void {
  const { requested, settings } = parseAttack(search);
  setAttack({ armed: requested, settings });
}

export function updateAttackSettings(patch: Partial<AttackSettings>): void {
  const settings = { ...getApp().attack.settings, ...patch };
  setAttack({ settings });
  replaceSearch(writeAttack(location.search, settings, getApp().attack.armed));
}

export function runAttackNow(): void {
  setAttack({ armed: true });
  replaceSearch(writeAttack(location.search, getApp().attack.settings, true));
  void attackCurrent();
}

export function cancelAttack(): void {
  running?.abort();
}

export async function attackCurrent(): Promise<void> {
  const { attack, explain, modelId, model, result: shown } = getApp();
  const source = currentSource();
  running?.abort();
  if (!attack.armed || !source || model.status !== 'ready' || shown?.model !== modelId) return;
  const abort = new AbortController();
  running = abort;
  const s = attack.settings;
  setAttack({ status: 'running', result: undefined, error: undefined, progress: { message: 'Starting' } });
  delete document.documentElement.dataset.attack;
  try {
    const result = await client.call(
      'attack',
      {
        model: modelId,
        source,
        request: {
          attack: s.attack,
          epsilon: s.epsilon,
          label: shown.top[0].index,
          target: s.target,
          steps: s.steps,
          stepSize: s.stepSize,
          randomStart: s.randomStart,
          seed: explain.params.seed,
          explain: { ...explain.params, target: shown.top[0].index },
        },
      },
      {
        signal: abort.signal,
        onProgress: (p) => running === abort && setAttack({ progress: { message: p.message ?? '', loaded: p.loaded, total: p.total } }),
      },
    );
    if (running !== abort) return;
    setAttack({ status: 'done', result, progress: undefined });
    document.documentElement.dataset.attack = result.attack;
  } catch (e) {
    if (running !== abort) return;
    const cancelled = e instanceof WorkerCallError && e.error.code === 'cancelled';
    setAttack({ status: cancelled ? 'idle' : 'error', progress: undefined, error: cancelled ? 'Cancelled.' : e instanceof Error ? e.message : String(e) });
  } finally {
    if (running === abort) running = null;
  }
}
