import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { CAM_LAYERS, camLayerOf, camLayerProblem, camUnitsSuffix } from './cam-layer';
import { DEFAULT_PARAMS, parseParams, scaleGroupOf, writeParams } from './params';
import { METHOD_LIST, specsOf } from './registry';
import { MODELS, type BuiltinModelId } from '../shared/models/registry';
import { resultKey } from '../client/result-cache';
import { assetPath, readJson } from '../testing/node-io';

const MOBILENET = MODELS['mobilenet_v1_0.75_224'];
const RESNET = MODELS.resnet50;

describe('the CAM layer of a request (layer=)', () => {
  it('round-trips through the URL parser and writer; the default (the last block) is not written', () => {
    const { params } = parseParams('?method=gradcam_pp&layer=conv_pw_4_relu');
    expect(params).toMatchObject({ method: 'gradcam_pp', layer: 'conv_pw_4_relu' });
    const written = writeParams('', params);
    expect(new URLSearchParams(written).get('layer')).toBe('conv_pw_4_relu');
    expect(parseParams(written).params).toEqual(params);
    expect(parseParams('?method=gradcam').params.layer).toBe('');
    expect(new URLSearchParams(writeParams('', { ...DEFAULT_PARAMS, method: 'gradcam' })).has('layer')).toBe(false);
    // Unknown names survive the URL (the model decides), so the request can say what is wrong.
    expect(parseParams(writeParams('', parseParams('?method=score_cam&layer=res9z').params)).params.layer).toBe('res9z');
  });

  it('resolves the default to the last conv block and any listed block by name', () => {
    expect(camLayerOf(MOBILENET, { layer: '' })).toMatchObject({ name: 'conv_pw_13_relu', size: 7, channels: 768 });
    expect(camLayerOf(RESNET, { layer: '' })).toMatchObject({ name: 'activation_48', block: 'res5c', size: 7, channels: 2048 });
    expect(camLayerOf(MOBILENET, { layer: 'conv_pw_3_relu' })).toMatchObject({ size: 56, channels: 96 });
    expect(camLayerOf(RESNET, { layer: 'activation_21' })).toMatchObject({ block: 'res3d', size: 28, channels: 512 });
    expect(CAM_LAYERS['mobilenet_v1_0.75_224']).toHaveLength(13);
    expect(CAM_LAYERS.resnet50.map((l) => l.block).join(' ')).toBe('res2a res2b res2c res3a res3b res3c res3d res4a res4b res4c res4d res4e res4f res5a res5b res5c');
  });

  it('refuses an unknown layer (or another model\u2019s) with a message naming the choices', () => {
    expect(() => camLayerOf(MOBILENET, { layer: 'conv_pw_14_relu' })).toThrow(
      /Unknown layer "conv_pw_14_relu" for MobileNet.*conv_pw_1_relu, conv_pw_2_relu.*conv_pw_13_relu \(absent: the last, conv_pw_13_relu\)/,
    );
    expect(() => camLayerOf(RESNET, { layer: 'conv_pw_13_relu' })).toThrow(/Unknown layer "conv_pw_13_relu" for ResNet-50.*activation_3,.*activation_48/);
    expect(camLayerProblem('resnet50', 'activation_3')).toBeNull();
    expect(camLayerProblem('resnet50', '')).toBeNull();
  });

  it('is part of every CAM method\u2019s parameters, so the result cache and the shared scale tell layers apart', () => {
    expect(METHOD_LIST.filter((m) => m.layer).map((m) => m.id)).toEqual(['gradcam', 'gradcam_pp', 'score_cam', 'guided_gradcam']);
    for (const m of METHOD_LIST) expect(specsOf(m.id, 'none').some((s) => s.key === 'layer')).toBe(m.layer);
    const choice = { kind: 'sample' as const, index: 1 };
    const at = (layer: string) => resultKey('mobilenet_v1_0.75_224', choice, 'gradcam', { ...DEFAULT_PARAMS, method: 'gradcam', layer }, 1);
    expect(at('conv_pw_4_relu')).not.toBe(at(''));
    expect(resultKey('mobilenet_v1_0.75_224', choice, 'saliency', { ...DEFAULT_PARAMS, layer: 'conv_pw_4_relu' }, 1)).toBe(
      resultKey('mobilenet_v1_0.75_224', choice, 'saliency', DEFAULT_PARAMS, 1),
    );
    expect(scaleGroupOf('gradcam', 'none', 'conv_pw_4_relu')).not.toBe(scaleGroupOf('gradcam', 'none', 'conv_pw_13_relu'));
    expect(scaleGroupOf('saliency', 'none', 'x')).toBe(scaleGroupOf('saliency', 'none'));
  });

  it('names the layer and its spatial size in the units', () => {
    expect(camUnitsSuffix('mobilenet_v1_0.75_224', { layer: 'conv_pw_13_relu', map: '7x7' })).toBe(' at conv_pw_13_relu (block 13, 7×7×768)');
    expect(camUnitsSuffix('resnet50', { layer: 'activation_12', map: '28x28' })).toBe(' at activation_12 (res3a, 28×28×512)');
    expect(camUnitsSuffix('resnet50', { windows: 3 })).toBe('');
  });

  it.each(['mobilenet_v1_0.75_224', 'resnet50'] as BuiltinModelId[])('lists layers that exist in %s with the stated output sizes, the last one the default', async (id) => {
    const spec = MODELS[id];
    const json = readJson<{ modelTopology: tf.io.ModelJSON['modelTopology'] }>(assetPath('models', spec.dir, 'model.json'));
    // Topology only: tfjs-layers builds the graph (initialising weights we never read) and infers each output shape.
    const model = await tf.models.modelFromJSON({ modelTopology: json.modelTopology } as tf.io.ModelJSON);
    try {
      const layers = CAM_LAYERS[id];
      expect(layers[layers.length - 1].name).toBe(spec.gradCamLayer);
      for (const l of layers) expect([l.name, model.getLayer(l.name).outputShape]).toEqual([l.name, [null, l.size, l.size, l.channels]]);
      if (id === 'resnet50') {
        // Block outputs are the ReLUs right after a residual add.
        const kind = (l: tf.layers.Layer) => l.getClassName();
        for (const l of layers) expect(kind(model.getLayer(l.name).inboundNodes[0].inboundLayers[0])).toBe('Add');
        expect(model.layers.filter((l) => kind(l) === 'Add')).toHaveLength(layers.length);
      }
    } finally {
      model.dispose();
    }
  });
});
