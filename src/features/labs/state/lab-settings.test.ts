import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_SETTINGS, parseLab, writeLab } from './lab-settings';

describe('lab URL contract', () => {
  it('no lab and the defaults when the URL says nothing', () => {
    expect(parseLab('')).toEqual({ lab: null, settings: DEFAULT_LAB_SETTINGS });
  });
  it('reads every lab id and its settings', () => {
    const { lab, settings } = parseLab('?lab=convergence&lab_steps=50,5,5,300&lab_approx=gausslegendre,riemann_left&lab_sigma=12.5&lab_mode=independent&lab_depth=3&lab_shift=-40&lab_baselines=white,black&lab_points=10');
    expect(lab).toBe('convergence');
    expect(settings.steps).toEqual([5, 50, 300]); // sorted, deduplicated
    expect(settings.approximations).toEqual(['riemann_left', 'gausslegendre']); // the app's order
    expect(settings.baselines).toEqual(['black', 'white']);
    expect([settings.sigma, settings.mode, settings.depth, settings.shift, settings.points]).toEqual([12.5, 'independent', 3, -40, 10]);
  });
  it('insertion/deletion: lab_rank=abs|signed (default signed, as links from before lab_rank ranked), lab_points up to 224 (RISE’s notebook)', () => {
    expect(DEFAULT_LAB_SETTINGS.rank).toBe('signed');
    expect(parseLab('?lab=insertion_deletion&lab_rank=abs').settings.rank).toBe('abs');
    expect(parseLab('?lab=insertion_deletion&lab_rank=signed').settings.rank).toBe('signed');
    expect(parseLab('?lab=insertion_deletion&lab_points=10').settings).toEqual({ ...DEFAULT_LAB_SETTINGS, points: 10 }); // an old link
    for (const bad of ['ABS', 'magnitude', '', 'abs,signed']) expect(parseLab(`?lab_rank=${bad}`).settings.rank).toBe('signed');
    expect(parseLab('?lab_points=224').settings.points).toBe(224);
    expect(parseLab('?lab_points=225').settings.points).toBe(20);
    const search = writeLab('', 'insertion_deletion', { ...DEFAULT_LAB_SETTINGS, rank: 'abs', points: 224 });
    expect(new URLSearchParams(search).get('lab_rank')).toBe('abs');
    expect(parseLab(search).settings).toEqual({ ...DEFAULT_LAB_SETTINGS, rank: 'abs', points: 224 });
    expect(new URLSearchParams(writeLab('?lab_rank=abs', 'insertion_deletion', DEFAULT_LAB_SETTINGS)).has('lab_rank')).toBe(false);
  });
  it('randomisation: lab_methods, a comma list of method ids in the order named (unknown ids dropped), round trip; default none', () => {
    expect(DEFAULT_LAB_SETTINGS.methods).toEqual([]);
    expect(parseLab('?lab=randomization&lab_methods=saliency,guided_backprop,nope,saliency,gradcam,ig').settings.methods).toEqual(['saliency', 'guided_backprop', 'gradcam', 'ig']);
    expect(parseLab('?lab_methods=nope').settings.methods).toEqual([]);
    const settings = { ...DEFAULT_LAB_SETTINGS, methods: ['guided_backprop' as const, 'saliency' as const] };
    const search = writeLab('', 'randomization', settings);
    expect(new URLSearchParams(search).get('lab_methods')).toBe('guided_backprop,saliency');
    expect(parseLab(search).settings).toEqual(settings);
    expect(new URLSearchParams(writeLab(search, 'randomization', DEFAULT_LAB_SETTINGS)).has('lab_methods')).toBe(false);
  });
  it('invalid values fall back to the defaults', () => {
    const { lab, settings } = parseLab('?lab=nonsense&lab_steps=0,abc,2.5&lab_sigma=-1&lab_depth=0&lab_shift=300&lab_points=&lab_approx=simpson&lab_mode=x&lab_rank=both&lab_methods=,');
    expect(lab).toBeNull();
    expect(settings).toEqual(DEFAULT_LAB_SETTINGS);
  });
  it('round trip writes only what differs from the defaults and keeps other parameters', () => {
    const settings = { ...DEFAULT_LAB_SETTINGS, sigma: 4, steps: [1, 2] };
    const search = writeLab('?model=resnet50&image=3', 'noise', settings);
    const p = new URLSearchParams(search);
    expect([p.get('model'), p.get('image'), p.get('lab'), p.get('lab_sigma'), p.get('lab_steps')]).toEqual(['resnet50', '3', 'noise', '4', '1,2']);
    expect(p.has('lab_depth')).toBe(false);
    expect(parseLab(search)).toEqual({ lab: 'noise', settings });
    expect(new URLSearchParams(writeLab(search, null, DEFAULT_LAB_SETTINGS)).has('lab')).toBe(false);
  });
});
