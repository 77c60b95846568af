import { describe, expect, it } from 'vitest';
import { searchClasses, type Labels } from '../shared/models/labels';
import { MODELS } from '../shared/models/registry';
import { classNamesOf, type UploadedModel } from './store';

const imagenet: Labels = { display: ['tench', 'goldfish'], full: ['tench, Tinca tinca', 'goldfish, Carassius auratus'], samples: [] };
const wasteLabels = ['Battery', 'biological', 'brown-glass', 'cardboard', 'clothes', 'green-glass', 'metal', 'paper', 'plastic', 'shoes', 'trash', 'white-glass'];
const waste: UploadedModel = {
  spec: { ...MODELS['mobilenet_v1_0.75_224'], id: 'uploaded:waste', label: 'waste', numClasses: 12 },
  names: { display: wasteLabels, full: wasteLabels },
};
const other: UploadedModel = { spec: { ...waste.spec, id: 'uploaded:other' }, names: { display: ['a', 'b'], full: ['a', 'b'] } };

describe('the class names of the model shown', () => {
  it("ImageNet's for the app's models, the upload's own for an uploaded one", () => {
    expect(classNamesOf({ modelId: 'resnet50', labels: imagenet, uploadedModels: [waste, other] })).toBe(imagenet);
    expect(classNamesOf({ modelId: 'uploaded:waste', labels: imagenet, uploadedModels: [waste, other] })).toBe(waste.names);
    expect(classNamesOf({ modelId: 'uploaded:other', labels: imagenet, uploadedModels: [waste, other] })?.display).toEqual(['a', 'b']);
    expect(classNamesOf({ modelId: 'mobilenet_v1_0.75_224', labels: null, uploadedModels: [waste] })).toBeNull();
  });
  it('search works on any model’s names: by name, or by an index that exists', () => {
    expect(searchClasses(waste.names, 'glass')).toEqual([2, 5, 11]);
    expect(searchClasses(waste.names, '11')).toEqual([11]);
    expect(searchClasses(waste.names, '12')).toEqual([]);
    expect(searchClasses(waste.names, '')).toHaveLength(12);
  });
});
