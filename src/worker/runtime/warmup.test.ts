import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPILE_ONLY_FLAG, defaultWarmupEnv, warmUp, type WarmupEnv, type WarmupSteps } from './warmup';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A WebGPU backend stand-in: records the sequence; tensors are real (CPU) so leaks show in tf.memory(). */
function fakeGpu(options: { failIn?: 'forward' | 'gradient' | 'check'; backendName?: string; noMethod?: boolean } = {}) {
  const log: string[] = [];
  let flag = false;
  let clock = 0;
  const pending = Promise.resolve('pipeline');
  const backend = {
    pipelineCache: { ready: { pipeline: true }, pending } as Record<string, unknown>,
    async checkCompileCompletionAsync() {
      log.push(`check(flag=${flag})`);
      clock += 100;
      if (options.failIn === 'check') throw new Error('pipeline creation failed');
    },
  };
  const env: WarmupEnv = {
    backendName: options.backendName ?? 'webgpu',
    backend: options.noMethod ? {} : backend,
    hasFlag: (name) => name === COMPILE_ONLY_FLAG,
    setFlag: (name, value) => {
      log.push(`${name}=${value}`);
      flag = value;
    },
    now: () => clock,
  };
  const steps: WarmupSteps = {
    forward: () => {
      log.push(`forward(flag=${flag})`);
      if (options.failIn === 'forward' && flag) throw new Error('a kernel read data in compile-only mode');
      clock += 10;
      return tf.zeros([1, 5]);
    },
    gradient: () => {
      log.push(`gradient(flag=${flag})`);
      if (options.failIn === 'gradient') throw new Error('no gradient');
      return [tf.scalar(0), tf.zeros([1, 2, 2, 3])];
    },
  };
  return { log, env, steps, backend, flag: () => flag };
}

describe('warm-up on WebGPU: parallel compilation first, then one real forward pass', () => {
  it('sets the flag, compiles forward + gradient unread, waits for the pipelines, resets, then runs for real', async () => {
    const g = fakeGpu();
    const before = tf.memory().numTensors;
    const t = await warmUp(g.steps, g.env);
    expect(g.log).toEqual([
      `${COMPILE_ONLY_FLAG}=true`,
      'forward(flag=true)',
      'gradient(flag=true)',
      `${COMPILE_ONLY_FLAG}=false`,
      'check(flag=false)',
      'forward(flag=false)',
    ]);
    expect(t).toEqual({ compileMs: 110, warmupMs: 10 });
    expect(g.flag()).toBe(false);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each(['forward', 'gradient', 'check'] as const)('a failure in %s: flag reset, pending pipelines dropped, plain warm-up', async (failIn) => {
    const g = fakeGpu({ failIn });
    const before = tf.memory().numTensors;
    const t = await warmUp(g.steps, g.env);
    expect(g.flag()).toBe(false);
    expect(t.compileMs).toBeUndefined();
    expect(t.compileError).toMatch(/compile-only mode|no gradient|pipeline creation failed/);
    expect(t.warmupMs).toBe(10);
    expect(g.log.at(-1)).toBe('forward(flag=false)');
    expect(g.log.filter((l) => l === `${COMPILE_ONLY_FLAG}=false`)).toHaveLength(1);
    // A Promise left in tfjs' cache would make the next real dispatch throw; resolved pipelines stay.
    expect(Object.keys(g.backend.pipelineCache)).toEqual(['ready']);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('other backends, or a WebGPU backend without the API: the plain warm-up only', async () => {
    for (const g of [fakeGpu({ backendName: 'wasm' }), fakeGpu({ backendName: 'webgl' }), fakeGpu({ noMethod: true })]) {
      const t = await warmUp(g.steps, g.env);
      expect(g.log).toEqual(['forward(flag=false)']);
      expect(t).toEqual({ warmupMs: 10 });
    }
  });

  it('the flag is the one tfjs-backend-webgpu 4.22 registers (off by default), and the real env sees it', () => {
    expect(tf.env().get(COMPILE_ONLY_FLAG)).toBe(false);
    const env = defaultWarmupEnv();
    expect(env.backendName).toBe('cpu');
    expect(env.hasFlag(COMPILE_ONLY_FLAG)).toBe(true);
    expect(env.hasFlag('NO_SUCH_FLAG_ANYWHERE')).toBe(false);
  });

  it('on the CPU backend with the real env: a plain warm-up that reads the forward pass', async () => {
    const t = await warmUp({ forward: () => tf.ones([1, 3]), gradient: () => [] });
    expect(t.compileMs).toBeUndefined();
    expect(t.warmupMs).toBeGreaterThanOrEqual(0);
  });
});
