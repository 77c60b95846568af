/** Running FGSM / PGD for the image shown; a newer run cancels the older. */
import type { AttackResult } from '../protocol';
import { parseAttack, writeAttack, type AttackSettings } from './attack-settings';
import { currentSource } from '../../../client/source';
import { getApp, setApp, type AttackState } from '../../../client/store';
import { panelLifecycle } from '../../../client/run-lifecycle';
import { replaceSearch } from '../../../client/url';
import { client } from '../../../client/worker';

function setAttack(patch: Partial<AttackState>) {
  setApp((s) => ({ attack: { ...s.attack, ...patch } }));
}

const runs = panelLifecycle<AttackResult, AttackState>(setAttack, { key: 'attack', label: (r) => r.attack });

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
  runs.cancel();
}

export async function attackCurrent(): Promise<void> {
  const { attack, explain, modelId, model, result: shown } = getApp();
  const source = currentSource();
  runs.cancel();
  if (!attack.armed || !source || model.status !== 'ready' || shown?.model !== modelId) return;
  const s = attack.settings;
  const request = {
    attack: s.attack,
    epsilon: s.epsilon,
    label: shown.top[0].index,
    target: s.target,
    steps: s.steps,
    stepSize: s.stepSize,
    randomStart: s.randomStart,
    seed: explain.params.seed,
    explain: { ...explain.params, target: shown.top[0].index },
  };
  await runs.run(({ signal, progress: onProgress }) => client.call('attack', { model: modelId, source, request }, { signal, onProgress }));
}
