import { describe, expect, it } from 'vitest';
import type { FeatureDescriptor } from './feature';
import { tabFor } from './workspace';

const list: FeatureDescriptor[] = [
  { id: 'explain', tab: { label: 'Explain' } },
  { id: 'compare', tab: { label: 'Compare', requested: (p) => !!p.get('compare') } },
  { id: 'labs', tab: { label: 'Labs', requested: (p) => !!p.get('lab') } },
  { id: 'lessons' },
];

describe('the workspace tab a query string opens', () => {
  it('is the first tab by default', () => {
    expect(tabFor('?image=1&method=saliency', list)).toBe('explain');
  });
  it("is the tab whose own parameters the query carries (a lesson's try-this)", () => {
    expect(tabFor('?method=saliency&lab=noise', list)).toBe('labs');
    expect(tabFor('?compare=saliency,ig', list)).toBe('compare');
  });
  it('is the one tab= names, when it is a tab', () => {
    expect(tabFor('?lab=noise&tab=explain', list)).toBe('explain');
    expect(tabFor('?tab=lessons', list)).toBe('explain'); // not a tab
    expect(tabFor('?tab=nope&lab=noise', list)).toBe('labs');
  });
  it('ignores an empty parameter', () => {
    expect(tabFor('?lab=', list)).toBe('explain');
  });
});
