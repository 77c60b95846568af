import { describe, expect, it } from 'vitest';
import { DecodeError } from './image/decode';
import { Cancelled } from './cancel';
import { toWorkerError } from './errors';

describe('toWorkerError', () => {
  it('classifies what the worker can throw', () => {
    expect(toWorkerError(new Cancelled()).code).toBe('cancelled');
    expect(toWorkerError(new DOMException('x', 'AbortError')).code).toBe('cancelled');
    expect(toWorkerError(new DecodeError('photo.jpg could not be decoded')).message).toMatch(/photo\.jpg/);
    expect(toWorkerError(new Error('Failed to fetch model.json')).code).toBe('model-load');
    expect(toWorkerError(new Error('GPUDevice was lost')).code).toBe('device-lost');
    expect(toWorkerError(new Error('Out of memory while allocating')).code).toBe('out-of-memory');
    const other = toWorkerError(new Error('something else'));
    expect(other).toMatchObject({ code: 'internal', message: 'something else' });
  });
});
