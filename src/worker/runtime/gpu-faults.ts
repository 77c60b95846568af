/**
 * GPU faults the worker must survive. WebGPU reports out-of-memory and device loss asynchronously
 * (an `uncapturederror` event, the `device.lost` promise), not as exceptions from the op that caused
 * them, so the worker watches the device tfjs uses and checks after each chunk of work.
 */

export class GpuOutOfMemoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GpuOutOfMemoryError';
  }
}

/** WebGPU's reported OOM, or tfjs' own (WebGL texture allocation, "out of memory" messages). */
export function isOutOfMemory(e: unknown): boolean {
  return e instanceof GpuOutOfMemoryError || (e instanceof Error && /out of memory|\bOOM\b|failed to allocate/i.test(e.message));
}

export class GpuWatch {
  private oom: string | null = null;
  /** Test hook: batches larger than this "run out of memory" (null: off). */
  simulateOomAbove: number | null = null;

  attach(device: GPUDevice, onLost: (message: string) => void): void {
    device.addEventListener('uncapturederror', (e) => {
      const error = (e as GPUUncapturedErrorEvent).error;
      if (typeof GPUOutOfMemoryError !== 'undefined' && error instanceof GPUOutOfMemoryError) this.oom = error.message || 'out of memory';
    });
    void device.lost.then((info) => onLost(`The GPU device was lost (${info.reason}${info.message ? `: ${info.message}` : ''}).`));
  }

  /** Throws GpuOutOfMemoryError if the GPU ran out of memory since the last check. */
  check(batchSize: number): void {
    if (this.simulateOomAbove != null && batchSize > this.simulateOomAbove) {
      throw new GpuOutOfMemoryError(`out of memory (simulated for batches above ${this.simulateOomAbove})`);
    }
    const oom = this.oom;
    this.oom = null;
    if (oom) throw new GpuOutOfMemoryError(`The GPU ran out of memory: ${oom}`);
  }
}
