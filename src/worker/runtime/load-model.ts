/**
 * Loads a layers-model's topology and weights as plain tensors, without building a LayersModel:
 * the compiler needs only the graph and the named weights, and one copy of 100 MB of weights is enough.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../../shared/models/registry';
import { compileKeras, type CompiledModel } from './compile';

export interface LoadedModel {
  spec: ModelSpec;
  compiled: CompiledModel;
  weights: Record<string, tf.Tensor>;
  dispose(): void;
}

export async function loadModel(spec: ModelSpec, handler: tf.io.IOHandler): Promise<LoadedModel> {
  if (!handler.load) throw new Error('IO handler cannot load.');
  const artifacts = await handler.load();
  if (!artifacts.modelTopology || !artifacts.weightSpecs || !artifacts.weightData) {
    throw new Error(`${spec.dir}/model.json has no topology or weights.`);
  }
  const weights = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs) as Record<string, tf.Tensor>;
  try {
    const compiled = compileKeras(artifacts.modelTopology, weights, spec);
    return {
      spec,
      compiled,
      weights,
      dispose() {
        compiled.dispose();
        Object.values(weights).forEach((t) => t.dispose());
      },
    };
  } catch (e) {
    Object.values(weights).forEach((t) => t.dispose());
    throw e;
  }
}

/**
 * An HTTP handler whose fetch counts the bytes actually received, so the progress bar reports bytes
 * rather than tfjs' per-file fraction.
 */
export function httpHandlerWithProgress(
  url: string,
  onBytes: (received: number) => void,
  signal?: AbortSignal,
): tf.io.IOHandler {
  let received = 0;
  const fetchFunc = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const res = await fetch(input, { ...init, signal });
    if (!res.ok || !res.body) return res;
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onBytes(received);
    }
    return new Response(new Blob(chunks as BlobPart[]), { status: res.status, headers: res.headers });
  };
  return tf.io.http(url, { fetchFunc: fetchFunc as typeof fetch });
}
