/**
 * readUploadedModel on small generated exports: the spec it derives, the zip path, and every
 * UploadError a student can meet, each with its message.
 */
import * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAM_LAYERS } from '../../../shared/models/cam-layers';
import { MODELS, type BuiltinModelId } from '../../../shared/models/registry';
import { exportFiles, randomizeWeights, saveToMemory, tmToy, type SavedModel } from '../../../testing/nested-toy';
import { assetPath, readJson } from '../../../testing/node-io';
import { loadModel } from '../load-model';
import { camBlocks } from './cam-blocks';
import { checkTopology } from './check-topology';
import { readUploadedModel, UploadError, type UploadedFile } from './index';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const META = { packageName: '@teachablemachine/image', modelName: 'My waste sorter!', labels: ['paper', 'glass', 'banana peel'], imageSize: 8 };
const text = (o: unknown) => new TextEncoder().encode(typeof o === 'string' ? o : JSON.stringify(o)).buffer as ArrayBuffer;
const replace = (files: UploadedFile[], name: string, bytes: ArrayBuffer) => files.map((f) => (f.name === name ? { name, bytes } : f));
const zip = (name: string, files: UploadedFile[], folder = '') => ({
  name,
  bytes: zipSync(Object.fromEntries(files.map((f) => [folder + f.name, new Uint8Array(f.bytes)]))).buffer as ArrayBuffer,
});

/** Saves a model built by `build` and returns its export files (with `meta`, or none). */
async function exported(build: () => tf.LayersModel, meta: object | null = null): Promise<UploadedFile[]> {
  const model = build();
  randomizeWeights(model, 3);
  const saved = await saveToMemory(model);
  const files = exportFiles(saved.artifacts, meta);
  model.dispose();
  return files;
}

async function uploadError(files: UploadedFile[]): Promise<string> {
  try {
    await readUploadedModel(files);
  } catch (e) {
    expect(e).toBeInstanceOf(UploadError);
    return (e as Error).message;
  }
  throw new Error('readUploadedModel accepted the files.');
}

describe('readUploadedModel on a Teachable Machine-shaped export', () => {
  let saved: SavedModel;
  let files: UploadedFile[];
  beforeAll(async () => {
    saved = await saveToMemory(tmToy());
    files = exportFiles(saved.artifacts, META);
  });
  afterAll(() => saved?.model.dispose());

  it('derives the spec by type and position: logits, classes, CAM layers, preprocessing, labels', async () => {
    const up = await readUploadedModel(files);
    expect(up.spec).toMatchObject({
      id: 'uploaded:my-waste-sorter',
      label: 'My waste sorter!',
      dir: '',
      inputSize: 8,
      preprocessing: 'teachable',
      crop: 'short-side-center',
      logitsLayer: 'dense_Dense2',
      numClasses: 3,
      gradCamLayer: 'out_relu',
      publishedTop1: null,
    });
    expect(up.spec.note).toBe('Your Teachable Machine model, 3 classes; input: resize short side to 8, centre crop, RGB x/127 \u2212 1.');
    expect(up.labels).toEqual(META.labels);
    expect(up.spec.bytes).toBe(files[0].bytes.byteLength + files[1].bytes.byteLength);
    // Cut points before the pooling: the residual Add ends block 1 (a BatchNorm, not a ReLU, follows it); out_relu is the last 4×4 map.
    expect(up.camLayers).toEqual([
      { name: 'block_add', block: 'residual block 1', size: 4, channels: 4 },
      { name: 'out_relu', block: 'last 4×4 map', size: 4, channels: 6 },
    ]);
    expect(up.spec.camLayers).toEqual(['block_add', 'out_relu']);
  });

  it('gives artifacts that loadModel compiles and tfjs loads, with the same probabilities', async () => {
    const up = await readUploadedModel(files);
    const loaded = await loadModel(up.spec, tf.io.fromMemory(up.artifacts));
    const ref = await tf.loadLayersModel(tf.io.fromMemory(up.artifacts));
    const x = tf.randomUniform([2, 8, 8, 3], -1, 1, 'float32', 9) as tf.Tensor4D;
    const ours = tf.tidy(() => tf.softmax(loaded.compiled.logits(x)));
    const p = ref.predict(x) as tf.Tensor;
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(ours, p))).dataSync()[0])).toBeLessThan(1e-5);
    tf.dispose([x, ours, p]);
    ref.dispose();
    loaded.dispose();
  });

  it('reads the zip Teachable Machine downloads (files at the top or in a folder, macOS extras ignored)', async () => {
    const direct = await readUploadedModel(files);
    for (const z of [zip('converted_tfjs.zip', files), zip('my_model.zip', [...files, { name: '__MACOSX/._model.json', bytes: text('x') }], 'my_model/')]) {
      const up = await readUploadedModel([z]);
      expect(up.spec).toEqual(direct.spec);
      expect(new Uint8Array(up.artifacts.weightData as ArrayBuffer)).toEqual(new Uint8Array(direct.artifacts.weightData as ArrayBuffer));
    }
  });

  it('without metadata.json: class_0… labels, input size from the model, the label from the zip or file name', async () => {
    const bare = files.filter((f) => f.name !== 'metadata.json');
    const up = await readUploadedModel(bare);
    expect(up.labels).toEqual(['class_0', 'class_1', 'class_2']);
    expect(up.spec).toMatchObject({ label: 'model.json', id: 'uploaded:model-json', inputSize: 8, preprocessing: 'teachable' });
    expect(up.spec.note).toMatch(/no metadata\.json: Teachable Machine\u2019s input assumed/);
    expect((await readUploadedModel([zip('Recycling v2.zip', bare)])).spec.label).toBe('Recycling v2');
    expect((await readUploadedModel(bare.map((f) => ({ ...f, name: `ripeness/${f.name}` })))).spec.label).toBe('ripeness');
  });

  it('matches weight files by basename, whatever folder the browser reports', async () => {
    const up = await readUploadedModel(files.map((f) => ({ ...f, name: `Downloads/tm/${f.name}` })));
    expect(up.spec.numClasses).toBe(3);
  });

  describe('UploadError, one message per problem', () => {
    it('a GraphModel', async () => {
      const graph = { format: 'graph-model', modelTopology: { node: [], library: {}, versions: {} }, weightsManifest: [] };
      expect(await uploadError([{ name: 'model.json', bytes: text(graph) }])).toMatch(/model\.json is a TensorFlow\.js GraphModel .*not a Keras layers model\. Saliency Lab only opens Keras layers models/);
    });

    it('an unsupported layer, named with its type', async () => {
      const sep = await exported(() =>
        tf.sequential({ layers: [tf.layers.separableConv2d({ filters: 2, kernelSize: 3, inputShape: [8, 8, 3], name: 'sep_conv' }), tf.layers.flatten(), tf.layers.dense({ units: 2, activation: 'softmax' })] }),
      );
      expect(await uploadError(sep)).toMatch(/Layer "sep_conv" \(SeparableConv2D\) is a type of layer Saliency Lab cannot run yet/);
      const tanh = await exported(() =>
        tf.sequential({ layers: [tf.layers.conv2d({ filters: 2, kernelSize: 3, inputShape: [8, 8, 3], activation: 'tanh', name: 'c_tanh' }), tf.layers.flatten(), tf.layers.dense({ units: 2, activation: 'softmax' })] }),
      );
      expect(await uploadError(tanh)).toMatch(/Layer "c_tanh" \(Conv2D\) uses the activation "tanh"/);
    });

    it('a missing weight file, named', async () => {
      expect(await uploadError(files.filter((f) => f.name !== 'weights.bin'))).toMatch(/The weight file weights\.bin is missing: model\.json lists it/);
    });

    it('a weight file of the wrong size, named, with expected and actual bytes', async () => {
      const bytes = files[1].bytes.byteLength;
      const cut = replace(files, 'weights.bin', files[1].bytes.slice(0, bytes - 8));
      const expected = `weights.bin has ${(bytes - 8).toLocaleString('en-US')} bytes, but model.json expects ${bytes.toLocaleString('en-US')} bytes`;
      expect(await uploadError(cut)).toContain(expected);
    });

    it('no model.json among the files (and a Keras .h5 recognised)', async () => {
      expect(await uploadError(files.filter((f) => f.name !== 'model.json'))).toMatch(/The selection has no model\.json \(weights\.bin, metadata\.json\)\. Select model\.json together/);
      expect(await uploadError([{ name: 'keras_model.h5', bytes: text('x') }, { name: 'labels.txt', bytes: text('0 a') }])).toMatch(/Keras file.*Tensorflow\.js/);
      expect(await uploadError([])).toMatch(/No files were chosen/);
    });

    it('labels that do not match the output size', async () => {
      const wrong = replace(files, 'metadata.json', text({ ...META, labels: ['a', 'b'] }));
      expect(await uploadError(wrong)).toMatch(/metadata\.json lists 2 labels but the model has 3 outputs \(its last layer dense_Dense2\)/);
    });

    it('a model that does not take images', async () => {
      const dense = await exported(() => tf.sequential({ layers: [tf.layers.dense({ units: 4, inputShape: [10], activation: 'relu' }), tf.layers.dense({ units: 2, activation: 'softmax' })] }));
      expect(await uploadError(dense)).toMatch(/does not take images: its input has shape \[null, 10\]/);
      const gray = await exported(() => tf.sequential({ layers: [tf.layers.conv2d({ filters: 2, kernelSize: 3, inputShape: [8, 8, 1] }), tf.layers.flatten(), tf.layers.dense({ units: 2, activation: 'softmax' })] }));
      expect(await uploadError(gray)).toMatch(/takes images with 1 channel\(s\) \(input \[null, 8, 8, 1\]\)/);
      expect(await uploadError(replace(files, 'metadata.json', text({ ...META, packageName: '@teachablemachine/pose' })))).toMatch(/pose model/);
    });

    it('a zip without model.json', async () => {
      expect(await uploadError([zip('converted_keras.zip', [{ name: 'keras_model.h5', bytes: text('x') }, { name: 'labels.txt', bytes: text('0 a') }])])).toMatch(
        /converted_keras\.zip has no model\.json \(keras_model\.h5, labels\.txt\)\. This is a Keras file/,
      );
      expect(await uploadError([zip('photos.zip', [{ name: 'a.jpg', bytes: text('x') }])])).toMatch(/photos\.zip has no model\.json \(a\.jpg\)\. Select model\.json/);
      expect(await uploadError([{ name: 'broken.zip', bytes: text('PK\u0003\u0004 not really') }])).toMatch(/broken\.zip is not a zip file that can be opened/);
    });

    it('and the rest: bad JSON, image size disagreeing with metadata, a sigmoid head, a head that is not Dense', async () => {
      expect(await uploadError(replace(files, 'model.json', text('{"modelTopology": ')))).toMatch(/model\.json is not valid JSON/);
      expect(await uploadError(replace(files, 'metadata.json', text({ ...META, imageSize: 224 })))).toMatch(/metadata\.json says the images are 224 × 224, but My waste sorter!'s input is 8 × 8/);
      const sigmoid = await exported(() => tf.sequential({ layers: [tf.layers.conv2d({ filters: 2, kernelSize: 3, inputShape: [8, 8, 3] }), tf.layers.flatten(), tf.layers.dense({ units: 2, activation: 'sigmoid', name: 'multi' })] }));
      expect(await uploadError(sigmoid)).toMatch(/ends in layer "multi" \(Dense\) with the activation "sigmoid"/);
      const pooled = await exported(() => tf.sequential({ layers: [tf.layers.conv2d({ filters: 2, kernelSize: 3, inputShape: [8, 8, 3], name: 'only_conv' }), tf.layers.globalAveragePooling2d({ name: 'gap' })] }));
      expect(await uploadError(pooled)).toMatch(/output comes from layer "gap" \(GlobalAveragePooling2D\), not from a Dense layer/);
      const twoFiles = [...files, { name: 'other/model.json', bytes: files[0].bytes }];
      expect(await uploadError(twoFiles)).toMatch(/2 model\.json files/);
    });
  });
});

describe('CAM layers found by type on the built-in topologies (the rule cam-blocks.ts states)', () => {
  const facts = (id: BuiltinModelId) => {
    const j = readJson<{ modelTopology: unknown; weightsManifest: Array<{ weights: Array<{ name: string }> }> }>(assetPath('models', MODELS[id].dir, 'model.json'));
    return checkTopology(j.modelTopology, id, 224, new Set(j.weightsManifest.flatMap((g) => g.weights.map((w) => w.name))));
  };

  it("ResNet-50: its 16 residual block outputs (cam-layers.ts' list) after the stem, the same default and sizes", () => {
    const f = facts('resnet50');
    expect([f.logitsLayer, f.numClasses]).toEqual(['fc1000', 1000]);
    const blocks = camBlocks(f);
    expect(blocks).toHaveLength(17);
    expect(blocks[0]).toMatchObject({ block: 'last 112×112 map', size: 112, channels: 64 });
    expect(blocks.slice(1).map(({ name, size, channels }) => ({ name, size, channels }))).toEqual(CAM_LAYERS.resnet50.map(({ name, size, channels }) => ({ name, size, channels })));
    expect(blocks[16].name).toBe(MODELS.resnet50.gradCamLayer);
  });

  it('MobileNet v1 (a 1 × 1 Conv2D head): one block per map size, all in its hand list, the same default', () => {
    const f = facts('mobilenet_v1_0.75_224');
    expect([f.logitsLayer, f.numClasses]).toEqual(['conv_preds', 1000]);
    const blocks = camBlocks(f);
    expect(blocks.map((b) => b.name)).toEqual(['conv_pw_1_relu', 'conv_pw_3_relu', 'conv_pw_5_relu', 'conv_pw_11_relu', 'conv_pw_13_relu']);
    for (const b of blocks) expect(CAM_LAYERS['mobilenet_v1_0.75_224']).toContainEqual({ ...b, block: expect.any(String) });
    expect(blocks[4].name).toBe(MODELS['mobilenet_v1_0.75_224'].gradCamLayer);
  });

  it('a Dense network on pixels has its input as the only CAM layer', async () => {
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 3], name: 'flat' }), tf.layers.dense({ units: 2, activation: 'softmax', name: 'fc' })] });
    const saved = await saveToMemory(model);
    const f = checkTopology(saved.artifacts.modelTopology, 'm', null, new Set(saved.artifacts.weightSpecs!.map((w) => w.name)));
    expect(f.inputSize).toBe(4);
    expect(camBlocks(f)).toEqual([{ name: 'flat_input', block: 'input', size: 4, channels: 3 }]);
    model.dispose();
  });
});
