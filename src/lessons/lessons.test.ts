import { describe, expect, it } from 'vitest';
import { METHOD_IDS, parseParams, writeParams } from '../attribution/params';
import { parseAttack, writeAttack } from '../state/attack-settings';
import { parseCf, writeCf } from '../state/cf-settings';
import { parseLab, writeLab } from '../state/lab-settings';
import { parseUrlState, writeUrlState } from '../state/url';
import { parseViz, writeViz } from '../viz/settings';
import { LESSON_IDS, LESSONS, lessonIndex, trySearch } from './lessons';

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
  out = writeViz(out, parseViz(search));
  return new URLSearchParams(out);
}

describe('guided lessons', () => {
  it('cover the workshop path, each with text, a question and at least one try', () => {
    expect(LESSON_IDS).toEqual(['predict', 'saliency', 'integrated-gradients', 'shap', 'counterfactuals', 'summary']);
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
          expect(got === value || (got != null && Number(got) === Number(value)), `${l.id} "${t.label}": ${key}=${value} read back as ${got}`).toBe(true);
        }
      }
    }
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
