import { describe, expect, it } from 'vitest';
import { isModelFileName, looksLikeModelFiles } from './model-files';

describe('model files by name', () => {
  it("recognises model.json, weights, metadata.json, a Teachable Machine zip and tfjs' extensionless shards", () => {
    for (const name of ['model.json', 'weights.bin', 'metadata.json', 'tm-my-image-model.zip', 'group1-shard1of2', 'group1-shard2of2.bin', 'MODEL.JSON'])
      expect(isModelFileName(name), name).toBe(true);
  });
  it('leaves photos (and other files) to the photo upload', () => {
    for (const name of ['banana.jpg', 'cat.PNG', 'scan.heic', 'notes.txt', 'json', 'model.json.jpg']) expect(isModelFileName(name), name).toBe(false);
  });
  it('a drop is a model when any file is named like one', () => {
    expect(looksLikeModelFiles([{ name: 'model.json' }, { name: 'weights.bin' }, { name: 'metadata.json' }])).toBe(true);
    expect(looksLikeModelFiles([{ name: 'weights.bin' }])).toBe(true);
    expect(looksLikeModelFiles([{ name: 'goldfish.jpg' }])).toBe(false);
    expect(looksLikeModelFiles([])).toBe(false);
  });
});
