import { describe, expect, it } from 'vitest';
import { camLayersOf, camLayerText, CAM_LAYERS, registerCamLayers } from './cam-layers';
import { isKnownModelId, modelSpec, registerUploadedSpec } from './model-spec';
import { isBuiltinModelId, isUploadedModelId, MODELS, type ModelSpec } from './registry';

/** An uploaded model's spec as the worker builds it (only the fields these tests read matter). */
const waste: ModelSpec = {
  ...MODELS['mobilenet_v1_0.75_224'],
  id: 'uploaded:waste-classifier',
  label: 'waste classifier',
  dir: '',
  numClasses: 12,
  gradCamLayer: 'out_relu',
  camLayers: ['block_1_project_BN', 'block_16_project_BN', 'out_relu'],
};

describe('model ids and specs, built-in and uploaded', () => {
  it('tells the app’s own ids from uploaded ones', () => {
    expect(isBuiltinModelId('resnet50')).toBe(true);
    expect(isBuiltinModelId('uploaded:waste')).toBe(false);
    expect(isBuiltinModelId('toString')).toBe(false); // not inherited properties
    expect(isUploadedModelId('uploaded:waste')).toBe(true);
    expect(isUploadedModelId('uploaded:')).toBe(false);
    expect(isUploadedModelId('resnet50')).toBe(false);
  });

  it('looks up built-in specs by id, and an uploaded one once registered', () => {
    expect(modelSpec('resnet50')).toBe(MODELS.resnet50);
    expect(isKnownModelId(waste.id)).toBe(false);
    expect(() => modelSpec(waste.id)).toThrow(/not loaded: upload its files again/);
    registerUploadedSpec(waste);
    expect(isKnownModelId(waste.id)).toBe(true);
    expect(modelSpec(waste.id)).toBe(waste);
    // A second upload under the same id replaces the first.
    const again = { ...waste, label: 'waste classifier v2' };
    registerUploadedSpec(again);
    expect(modelSpec(waste.id).label).toBe('waste classifier v2');
    expect(isKnownModelId('uploaded:something-else')).toBe(false);
    expect(isKnownModelId(null)).toBe(false);
  });

  it('an upload can never take a built-in id', () => {
    expect(() => registerUploadedSpec({ ...waste, id: 'resnet50' as never })).toThrow(/cannot take the id of a built-in/);
    expect(modelSpec('resnet50')).toBe(MODELS.resnet50);
  });

  it('CAM layers: the table for the app’s models, the spec’s names (sizes unknown) for an upload', () => {
    expect(camLayersOf(MODELS.resnet50)).toBe(CAM_LAYERS.resnet50);
    const layers = camLayersOf(waste);
    expect(layers.map((l) => l.name)).toEqual(waste.camLayers);
    expect(camLayerText(layers[2])).toBe('out_relu (conv block 3)');
    expect(camLayerText(CAM_LAYERS['mobilenet_v1_0.75_224'][12])).toBe('conv_pw_13_relu (block 13, 7×7×768)');
    expect(camLayersOf({ ...waste, camLayers: undefined })).toEqual([]);
    // With the sizes the worker found, registered for this id and these names.
    registerCamLayers(waste.id, [
      { name: 'block_1_project_BN', block: '56×56', size: 56, channels: 8 },
      { name: 'block_16_project_BN', block: '7×7', size: 7, channels: 112 },
      { name: 'out_relu', block: '7×7', size: 7, channels: 1280 },
    ]);
    expect(camLayerText(camLayersOf(waste)[2])).toBe('out_relu (7×7, 7×7×1280)');
    expect(camLayerText(camLayersOf({ ...waste, camLayers: ['out_relu'] })[0])).toBe('out_relu (conv block 1)'); // other names: not these
  });
});
