/**
 * Attribution results by what determines them (model, image, target, the method's own parameters),
 * so the comparison grid reuses the result already shown and switching back to a method is instant.
 * Small: each entry holds ~1.4 MB of arrays.
 */
import type { AttributionParams, MethodId } from '../methods/params';
import { specsOf } from '../methods/registry';
import type { ModelId } from '../shared/models/registry';
import type { AttributionOutput } from '../shared/protocol/messages';
import type { ImageChoice } from './store';

const LIMIT = 16;
const entries = new Map<string, AttributionOutput>();

export function imageKey(choice: ImageChoice): string {
  if (choice.kind === 'sample') return `sample:${choice.index}`;
  const f = choice.file;
  return `file:${choice.name}:${f.size}:${f.lastModified}`;
}

/** Only the parameters the method reads: changing IG's steps must not invalidate a saliency map. */
export function usedParams(method: MethodId, params: AttributionParams, target: number): Record<string, unknown> {
  const used: Record<string, unknown> = { method, target, seed: params.seed };
  for (const s of specsOf(method, params.nt)) used[s.key] = params[s.key];
  return used;
}

export function resultKey(model: ModelId, choice: ImageChoice, method: MethodId, params: AttributionParams, target: number): string {
  return JSON.stringify([model, imageKey(choice), usedParams(method, params, target)]);
}

export function cachedResult(key: string): AttributionOutput | undefined {
  const hit = entries.get(key);
  if (hit) {
    entries.delete(key); // most recently used goes last
    entries.set(key, hit);
  }
  return hit;
}

export function storeResult(key: string, result: AttributionOutput): void {
  entries.delete(key);
  entries.set(key, result);
  while (entries.size > LIMIT) entries.delete(entries.keys().next().value!);
}

const inflight = new Map<string, Promise<AttributionOutput>>();

/**
 * The result for `key`: from the cache, from a request already running for it (the single view and
 * the grid often ask for the same map at once), or by calling `compute`. A shared request that was
 * cancelled by its owner is retried with `compute`.
 */
export async function resultFor(key: string, compute: () => Promise<AttributionOutput>): Promise<AttributionOutput> {
  const hit = cachedResult(key);
  if (hit) return hit;
  const other = inflight.get(key);
  if (other) {
    try {
      return await other;
    } catch {
      // fall through: compute it ourselves (a real failure will repeat and reach our caller)
    }
  }
  const mine = compute();
  inflight.set(key, mine);
  try {
    const result = await mine;
    storeResult(key, result);
    return result;
  } finally {
    if (inflight.get(key) === mine) inflight.delete(key);
  }
}
