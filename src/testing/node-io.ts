/** Test-only helpers: load the real models from disk in Node (no tfjs-node, no network). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../shared/models/registry';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** public/assets (filled by `npm run assets`), else ../shared. */
export function assetPath(...parts: string[]): string {
  const fromAssets = join(repoRoot, 'public/assets', ...parts);
  if (existsSync(fromAssets)) return fromAssets;
  const [kind, ...rest] = parts;
  const sharedKind = kind === 'labels' ? 'models' : kind === 'samples' ? 'imagenet-samples' : kind;
  const fromShared = join(repoRoot, '../shared', sharedKind, ...rest);
  if (existsSync(fromShared)) return fromShared;
  throw new Error(`Asset ${parts.join('/')} not found: run npm run assets.`);
}

export function fileHandler(spec: ModelSpec): tf.io.IOHandler {
  return dirHandler(assetPath('models', spec.dir));
}

/** A tfjs IO handler over a model.json and its weight shards in `dir` (also the Node WebGPU harness's). */
export function dirHandler(dir: string): tf.io.IOHandler {
  return {
    async load() {
      const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: ArrayBuffer[] = [];
      for (const group of json.weightsManifest as tf.io.WeightsManifestConfig) {
        specs.push(...group.weights);
        for (const p of group.paths) {
          const b = readFileSync(join(dir, p));
          buffers.push(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
        }
      }
      return { modelTopology: json.modelTopology, weightSpecs: specs, weightData: buffers, format: json.format };
    },
  };
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
