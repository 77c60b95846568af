import { afterEach, describe, expect, it } from 'vitest';
import type { FeatureDescriptor } from './feature';
import { cancelAll, features, initAll, registerFeatures, rerunAll } from './features-registry';

function recorder() {
  const calls: string[] = [];
  const feature = (id: string, hooks: Array<'init' | 'cancel' | 'current'>): FeatureDescriptor => ({
    id,
    ...(hooks.includes('init') ? { init: (search: string) => void calls.push(`${id}.init(${search})`) } : {}),
    ...(hooks.includes('cancel') ? { cancel: () => void calls.push(`${id}.cancel`) } : {}),
    ...(hooks.includes('current') ? { current: async () => void calls.push(`${id}.current`) } : {}),
  });
  return { calls, feature };
}

afterEach(() => registerFeatures([]));

describe('features registry', () => {
  it('calls each feature hook in list order, skipping features without it', () => {
    const { calls, feature } = recorder();
    registerFeatures([feature('explain', ['init', 'cancel', 'current']), feature('diagnostics', []), feature('lessons', ['init'])]);
    expect(features().map((f) => f.id)).toEqual(['explain', 'diagnostics', 'lessons']);
    initAll('?lab=noise');
    cancelAll();
    rerunAll();
    expect(calls).toEqual(['explain.init(?lab=noise)', 'lessons.init(?lab=noise)', 'explain.cancel', 'explain.current']);
  });

  it('nothing registered: nothing called', () => {
    expect(() => (initAll(''), cancelAll(), rerunAll())).not.toThrow();
    expect(features()).toEqual([]);
  });
});
