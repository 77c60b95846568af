import { describe, expect, it } from 'vitest';
import { assetPath, readJson } from '../../testing/node-io';
import { buildLabels, searchClasses, type SampleEntry } from './labels';

const labels = buildLabels(
  readJson<SampleEntry[]>(assetPath('samples', 'index.json')),
  readJson<string[]>(assetPath('labels', 'imagenet-labels.json')),
);

describe('labels', () => {
  it('aligns samples, synsets and names with the class index', () => {
    const wnids = readJson<string[]>(assetPath('labels', 'imagenet-wnids.json'));
    labels.samples.forEach((s, i) => expect(s.synset).toBe(wnids[i]));
    expect(labels.display[0]).toBe('tench');
    expect(labels.display[1]).toBe('goldfish');
    expect(labels.full[0]).toBe('tench, Tinca tinca');
    expect(labels.display[999]).toBe('toilet tissue');
  });
  it('gives every class a distinct display name (crane and maillot repeat in the raw list)', () => {
    expect(new Set(labels.display).size).toBe(1000);
    expect(labels.display[134]).toBe('crane (bird)');
    expect(labels.display[517]).toBe('crane (machine)');
    expect(labels.samples[134].synset).toBe('n02012849');
    expect(labels.samples[639].synset).toBe('n03710721');
  });
  it('searches short names, full names and class numbers', () => {
    expect(searchClasses(labels, 'goldfish')).toContain(1);
    expect(searchClasses(labels, 'Tinca')).toEqual([0]);
    expect(searchClasses(labels, '281')).toEqual([281]);
    expect(searchClasses(labels, 'crane')).toEqual([134, 517]);
    expect(searchClasses(labels, '')).toHaveLength(1000);
    expect(searchClasses(labels, '5000')).toEqual([]);
  });
  it('rejects label files of the wrong length', () => {
    expect(() => buildLabels(labels.samples.slice(1), labels.full)).toThrow(/expected 1000/);
  });
});
