import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METHOD_IDS, METHODS, parseParams, writeParams } from '../../methods/params';
import { URL_KEYS } from '../../methods/registry';
import { parseAttack, writeAttack } from '../attacks/state/attack-settings';
import { parseCf, writeCf } from '../counterfactuals/state/cf-settings';
import { parseLab, writeLab } from '../labs/state/lab-settings';
import { parseIgPath, writeIgPath } from '../ig-path/state/ig-path-settings';
import { parseUrlState, writeUrlState } from '../../client/url';
import { parseViz, writeViz } from '../../shared/viz/settings';
import { LESSON_IDS, LESSONS, lessonIndex, trySearch, type TryThis } from './lessons';

/**
 * Every URL key a parser reads: the attribution parameters' from the methods' specs, the other
 * parsers' from their sources (`p.get('key')` / `p.has('key')`).
 */
const PARSERS = ['../../client/url.ts', '../labs/state/lab-settings.ts', '../ig-path/state/ig-path-settings.ts', '../attacks/state/attack-settings.ts', '../counterfactuals/state/cf-settings.ts', '../../shared/viz/settings.ts'];
const KNOWN_KEYS = new Set([
  ...URL_KEYS,
  ...PARSERS.flatMap((f) => [...readFileSync(new URL(f, import.meta.url), 'utf8').matchAll(/\.(?:get|has)\('([a-z_0-9]+)'\)/g)].map((m) => m[1])),
]);

const BASELINE_WORDS: Array<[RegExp, string]> = [
  [/\bblack\b/i, 'black'], [/\bwhite\b/i, 'white'], [/\bgr[ae]y\b/i, 'gray'], [/\buniform noise\b/i, 'uniform'],
  [/\bgaussian noise\b/i, 'gaussian'], [/\bblur(red)?\b/i, 'blur'], [/\bzero\b/i, 'zero'],
];
const DISTRIBUTION_OF: Record<string, string> = { 'black,white': 'black_white', black: 'black_image', zero: 'zero_image' };

/**
 * What a try's label and note claim about its settings, as URL key = value. A claim must be set by the
 * try itself, not left to a default: the text describes the experiment, and a default can change.
 */
function claims(t: TryThis): Record<string, string> {
  const text = `${t.label}. ${t.note}`;
  const out: Record<string, string> = {};
  const num = (re: RegExp, key: string) => {
    const m = text.match(re);
    if (m) out[key] = m[1];
  };
  num(/(\d+) steps/, 'steps');
  num(/(\d+) samples/, t.params.nt ? 'nt_samples' : 'samples');
  num(/σ = (\d+)/, 'lab_sigma');
  num(/(\d+) layers/, 'lab_depth');
  num(/pixel \+ (\d+)/, 'lab_shift');
  num(/ε = (\d+)/, 'epsilon');
  num(/(\d+) iterations/, 'cf_iters');
  num(/(\d+) × \d+ grid/, 'cf_grid');
  num(/(\d+) points/, 'lab_points');
  if (/cascad/i.test(text)) out.lab_mode = 'cascade';
  // The randomisation lab's methods side by side: every method named is the try's method or in lab_methods.
  if (t.params.lab === 'randomization') {
    // A label's name without its parenthesis ("Saliency (vanilla gradient)" is named "Saliency").
    const escaped = (label: string) => label.replace(/\s*\(.*\)$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const named = METHOD_IDS.filter((m) => new RegExp(`(?<![\\w-])${escaped(METHODS[m].label)}(?![\\w])`, 'i').test(text) && m !== t.params.method);
    if (named.length) out.lab_methods = named.join(',');
  }
  if (/one layer at a time/i.test(text)) out.lab_mode = 'independent';
  if (/baseline/i.test(text)) {
    const named = BASELINE_WORDS.filter(([re]) => re.test(text)).map(([, id]) => id);
    if (t.params.lab === 'baselines') out.lab_baselines = named.join(',');
    else if (t.params.method === 'gradshap' || t.params.method === 'deepliftshap') out.dist = DISTRIBUTION_OF[named.join(',')] ?? `(no distribution is ${named.join(' and ')})`;
    else if (named.length === 1) out.baseline = named[0];
  }
  return out;
}

/** Claims the try does not set explicitly to the claimed value. */
function unbacked(t: TryThis): string[] {
  return Object.entries(claims(t))
    .filter(([key, value]) => !(key in t.params && (t.params[key] === value || Number(t.params[key]) === Number(value))))
    .map(([key, value]) => `${key}=${value} (set: ${t.params[key] ?? 'nothing'})`);
}

/** What the app would write back after reading `search`: only parameters it understood survive. */
function roundTrip(search: string): URLSearchParams {
  const url = parseUrlState(search);
  const lab = parseLab(search);
  const attack = parseAttack(search);
  const cf = parseCf(search);
  let out = writeUrlState('', { model: url.model, image: url.image });
  out = writeParams(out, parseParams(search).params);
  out = writeLab(out, lab.lab, lab.settings);
  out = writeAttack(out, attack.settings, attack.requested);
  out = writeCf(out, cf.settings, cf.requested);
  const igPath = parseIgPath(search);
  out = writeIgPath(out, igPath.settings, igPath.requested);
  out = writeViz(out, parseViz(search));
  return new URLSearchParams(out);
}

describe('guided lessons', () => {
  it('cover the workshop path, each with text, a question and at least one try', () => {
    expect(LESSON_IDS).toEqual(['predict', 'saliency', 'integrated-gradients', 'shap', 'counterfactuals', 'own-model', 'summary']);
    for (const l of LESSONS) {
      expect(l.text.length).toBeGreaterThan(0);
      expect(l.question).toMatch(/\?$/);
      expect(l.tries.length).toBeGreaterThan(0);
      l.references.forEach((r) => expect(r.url).toMatch(/^https:\/\//));
    }
    expect(lessonIndex('shap')).toBe(3);
    expect(lessonIndex('nope')).toBe(-1);
  });

  it('every "try this" uses only parameters and values the app understands', () => {
    for (const l of LESSONS) {
      for (const t of l.tries) {
        const search = trySearch('?model=mobilenet_v1_0.75_224&image=1', t);
        const back = roundTrip(search);
        for (const [key, value] of Object.entries(t.params)) {
          if (key === 'compare') {
            expect(value.split(',').every((m) => (METHOD_IDS as readonly string[]).includes(m)), `${l.id}: ${key}=${value}`).toBe(true);
            continue;
          }
          const got = back.get(key);
          // Writers drop a value equal to the default; then the key must be one a parser reads, and
          // leaving it out must change nothing.
          const isDefault = got == null && KNOWN_KEYS.has(key) && roundTrip(search.replace(new RegExp(`[?&]${key}=[^&]*`), '')).toString() === back.toString();
          expect(got === value || (got != null && Number(got) === Number(value)) || isDefault, `${l.id} "${t.label}": ${key}=${value} read back as ${got}`).toBe(true);
        }
      }
    }
  });

  it('every number, baseline and layer a try names in its text is set by the try', () => {
    for (const l of LESSONS) for (const t of l.tries) expect(unbacked(t), `${l.id} "${t.label}": ${t.note}`).toEqual([]);
    // The claims found are real: the SHAP step used to say this while setting only the method.
    const old: TryThis = { label: 'GradientShap', note: 'Black and white baselines, 5 samples.', params: { method: 'gradshap' } };
    expect(unbacked(old)).toEqual(['samples=5 (set: nothing)', 'dist=black_white (set: nothing)']);
    expect(claims({ label: 'x', note: 'Cascading randomisation of 3 layers, noise σ = 8, every pixel + 50.', params: {} })).toEqual({
      lab_depth: '3', lab_sigma: '8', lab_shift: '50', lab_mode: 'cascade',
    });
    expect(claims({ label: 'x', note: 'Guided Backprop and Saliency side by side', params: { lab: 'randomization', method: 'guided_backprop' } })).toEqual({ lab_methods: 'saliency' });
    expect(unbacked({ label: 'x', note: 'Guided Backprop and Saliency side by side', params: { lab: 'randomization', method: 'ig' } })).toEqual([
      'lab_methods=saliency,guided_backprop (set: nothing)',
    ]);
    expect(claims({ label: 'IG with a white baseline', note: '16 steps', params: { method: 'ig' } })).toEqual({ steps: '16', baseline: 'white' });
  });

  it('a try keeps model, image, backend and lesson, and drops every other parameter', () => {
    const t = LESSONS[1].tries[1];
    const s = new URLSearchParams(trySearch('?model=resnet50&image=7&backend=webgl&lesson=saliency&method=ig&attack=fgsm&cf=swap&view=masked_image', t));
    expect(Object.fromEntries(s)).toEqual({ model: 'resnet50', image: '7', backend: 'webgl', lesson: 'saliency', ...t.params });
    const own = new URLSearchParams(trySearch('?model=resnet50&image=7', LESSONS[0].tries[1]));
    expect(own.get('model')).toBe('resnet50');
    expect(own.get('image')).toBe('1');
  });
});
