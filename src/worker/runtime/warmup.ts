/**
 * Model warm-up. On WebGPU, first a compile-only pass: with tfjs-backend-webgpu's
 * WEBGPU_ENGINE_COMPILE_ONLY flag set, every kernel the forward pass and the default method's
 * gradient (saliency: d logit / d input, batch 1) would run only creates its pipeline with
 * createComputePipelineAsync, dispatching nothing, so the browser compiles them in parallel;
 * backend.checkCompileCompletionAsync() waits for all of them. Outputs made in that mode were never
 * computed (garbage): they are disposed unread (tfjs' getBufferData even refuses to read while the
 * flag is on). Then one real forward pass, as before, so the first classification and the first
 * explanation find their shaders compiled.
 *
 * Any failure in the compile-only pass is reported, the flag is reset, pipelines still pending are
 * dropped from tfjs' cache (a cached Promise would make the next real run throw "Please call
 * checkCompileCompletionAsync") and the plain warm-up runs: a failing warm-up never breaks loading.
 */
import * as tf from '@tensorflow/tfjs';

export const COMPILE_ONLY_FLAG = 'WEBGPU_ENGINE_COMPILE_ONLY';

/** What warm-up needs of tfjs-backend-webgpu's WebGPUBackend (public method, private cache). */
export interface CompileOnlyBackend {
  checkCompileCompletionAsync(): Promise<void>;
  pipelineCache?: Record<string, unknown>;
}

export interface WarmupSteps {
  /** One forward pass of a zero input as the app classifies (inference only); the caller disposes the result. */
  forward(): tf.Tensor;
  /** The default method's gradient at a zero input, batch 1: the tensors to dispose. */
  gradient(): tf.Tensor[];
}

export interface WarmupEnv {
  /** The running backend's name (tf.getBackend()). */
  backendName: string;
  /** The running backend (tf.backend()). */
  backend: unknown;
  /** Whether the flag is registered (tfjs-backend-webgpu loaded), and a setter. */
  hasFlag(name: string): boolean;
  setFlag(name: string, value: boolean): void;
  now(): number;
}

export interface WarmupTimings {
  /** The real forward pass (with the compile-only pass before it: the shaders' first dispatch). */
  warmupMs: number;
  /** The compile-only pass (WebGPU only), absent where it did not run. */
  compileMs?: number;
  /** Why the compile-only pass was abandoned (the plain warm-up ran). */
  compileError?: string;
}

export const defaultWarmupEnv = (): WarmupEnv => ({
  backendName: tf.getBackend(),
  backend: tf.backend(),
  hasFlag: isRegistered,
  setFlag: (name, value) => tf.env().set(name, value),
  now: () => performance.now(),
});

function isRegistered(name: string): boolean {
  // tf.env() keeps its registry private; get() throws for a flag nobody registered.
  try {
    tf.env().get(name);
    return true;
  } catch {
    return false;
  }
}

function compileOnlyBackend(env: WarmupEnv): CompileOnlyBackend | null {
  if (env.backendName !== 'webgpu' || !env.hasFlag(COMPILE_ONLY_FLAG)) return null;
  const b = env.backend as Partial<CompileOnlyBackend> | null;
  return b && typeof b.checkCompileCompletionAsync === 'function' ? (b as CompileOnlyBackend) : null;
}

/** Drops pipelines still pending (or failed) from the cache, so later runs compile them synchronously. */
async function settlePipelines(backend: CompileOnlyBackend): Promise<void> {
  await backend.checkCompileCompletionAsync().catch(() => undefined);
  const cache = backend.pipelineCache;
  if (!cache) return;
  for (const [key, value] of Object.entries(cache)) {
    if (value instanceof Promise || (typeof value === 'object' && value !== null && 'then' in value)) delete cache[key];
  }
}

export async function warmUp(steps: WarmupSteps, env: WarmupEnv = defaultWarmupEnv()): Promise<WarmupTimings> {
  const timings: Omit<WarmupTimings, 'warmupMs'> = {};
  const backend = compileOnlyBackend(env);
  if (backend) {
    const t0 = env.now();
    let flagOn = false;
    try {
      env.setFlag(COMPILE_ONLY_FLAG, true);
      flagOn = true;
      // Garbage by design: dispose, never read.
      tf.dispose(tf.tidy(() => steps.forward()));
      tf.dispose(tf.tidy(() => steps.gradient()));
      env.setFlag(COMPILE_ONLY_FLAG, false);
      flagOn = false;
      await backend.checkCompileCompletionAsync();
      timings.compileMs = env.now() - t0;
    } catch (e) {
      timings.compileError = e instanceof Error ? e.message : String(e);
      if (flagOn) env.setFlag(COMPILE_ONLY_FLAG, false);
      await settlePipelines(backend);
    }
  }
  const t1 = env.now();
  const out = tf.tidy(() => steps.forward());
  try {
    await out.data();
  } finally {
    out.dispose();
  }
  return { warmupMs: env.now() - t1, ...timings };
}
