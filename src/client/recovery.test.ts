import { describe, expect, it } from 'vitest';
import { RecoveryPolicy, repeatedFaultNotice, type Work } from './recovery';

const LAB_PAGE: Work[] = ['model', 'classify', 'explain', 'lab'];

describe('RecoveryPolicy', () => {
  it('re-runs after a first fault, and is healthy again once everything it re-ran completed', () => {
    const p = new RecoveryPolicy();
    expect(p.healthy).toBe(true);
    expect(p.fault(LAB_PAGE)).toEqual({ action: 'rerun' });
    expect(p.healthy).toBe(false);
    for (const w of LAB_PAGE) p.completed(w);
    expect(p.healthy).toBe(true);
    // A later, unrelated fault is a first fault again.
    expect(p.fault(LAB_PAGE)).toEqual({ action: 'rerun' });
  });

  it('the re-classification alone is not healthy: the lab that re-runs after it faulting again falls back', () => {
    const p = new RecoveryPolicy();
    expect(p.fault(LAB_PAGE)).toEqual({ action: 'rerun' });
    p.completed('model');
    p.completed('classify');
    p.completed('explain');
    expect(p.healthy).toBe(false);
    expect(p.fault(LAB_PAGE)).toEqual({ action: 'fallback', faulted: ['lab'] });
  });

  it('after the fallback it is healthy without the faulted panels; a fault before that stops', () => {
    const p = new RecoveryPolicy();
    p.fault(LAB_PAGE);
    p.completed('model');
    // Neither the explanation nor the lab completed since the first fault: both are left for the student.
    expect(p.fault(LAB_PAGE)).toEqual({ action: 'fallback', faulted: ['explain', 'lab'] });
    p.completed('model');
    p.completed('classify');
    expect(p.healthy).toBe(true);
    expect(p.fault(LAB_PAGE)).toEqual({ action: 'rerun' });
  });

  it('a fault while the fallback re-runs stops, and keeps stopping until the page is healthy', () => {
    const p = new RecoveryPolicy();
    p.fault(LAB_PAGE);
    p.completed('model');
    p.completed('classify');
    p.completed('explain');
    expect(p.fault(LAB_PAGE)).toEqual({ action: 'fallback', faulted: ['lab'] });
    // The fallback re-runs the explanation (it did not fault), not the lab.
    p.completed('model');
    expect(p.fault(['model', 'classify', 'explain'])).toEqual({ action: 'stop', faulted: ['explain'] });
    // The stop left the explanation for the student too: nothing re-runs by itself any more.
    expect(p.fault(['model', 'classify'])).toEqual({ action: 'stop', faulted: [] });
    // The student's next photo: the model loads and the photo is classified.
    for (const w of ['model', 'classify'] as const) p.completed(w);
    expect(p.healthy).toBe(true);
  });

  it('never loops: a fault at every attempt gives rerun, fallback, then only stop', () => {
    const p = new RecoveryPolicy();
    const actions = Array.from({ length: 10 }, () => p.fault(LAB_PAGE).action);
    expect(actions).toEqual(['rerun', 'fallback', ...Array(8).fill('stop')]);
  });

  it('a fault while the model reloads counts: a device lost at every load falls back, then stops', () => {
    const p = new RecoveryPolicy();
    expect(p.fault(['model']).action).toBe('rerun');
    expect(p.fault(['model'])).toEqual({ action: 'fallback', faulted: [] });
    expect(p.fault(['model'])).toEqual({ action: 'stop', faulted: [] });
  });

  it('work that completes but was not re-run changes nothing', () => {
    const p = new RecoveryPolicy();
    p.completed('lab');
    expect(p.healthy).toBe(true);
    p.fault(['model', 'lab']);
    p.completed('attack');
    p.completed('model');
    expect(p.healthy).toBe(false);
    p.completed('lab');
    expect(p.healthy).toBe(true);
  });
});

describe('repeatedFaultNotice', () => {
  it('says what happened, during what, where it runs now, and how to try again', () => {
    expect(
      repeatedFaultNotice({ decision: { action: 'fallback', faulted: ['lab'] }, code: 'device-lost', detail: { lab: 'randomization' }, from: 'webgpu', to: 'webgl' }),
    ).toBe(
      'The GPU device was lost twice while running the model-randomisation lab. Saliency Lab switched to WebGL; your photo and settings are kept. Press Run to try again.',
    );
    expect(
      repeatedFaultNotice({ decision: { action: 'fallback', faulted: ['explain', 'attack'] }, code: 'internal', detail: { attack: 'pgd' }, from: 'webgl', to: 'webgl' }),
    ).toBe(
      'The model worker stopped twice while running the explanation and the PGD attack. Saliency Lab restarted it on WebGL without running that again; your photo and settings are kept. Press “Explain this prediction” or Run to try again.',
    );
    expect(repeatedFaultNotice({ decision: { action: 'fallback', faulted: [] }, code: 'device-lost', detail: {}, from: 'webgpu', to: 'webgl' })).toBe(
      'The GPU device was lost twice in a row. Saliency Lab switched to WebGL; your photo and settings are kept.',
    );
    expect(repeatedFaultNotice({ decision: { action: 'stop', faulted: ['cf'] }, code: 'internal', detail: {}, from: 'webgl', to: 'webgl' })).toMatch(
      /^The model worker stopped again while running the counterfactual, after Saliency Lab had already restarted the model worker twice\. It stopped restarting it/,
    );
  });
});
