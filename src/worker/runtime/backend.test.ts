import { describe, expect, it } from 'vitest';
import { initBackend } from './backend';

describe('initBackend with a forced backend', () => {
  it('reports each faster backend as skipped because the URL asked, by default', async () => {
    const report = await initBackend('cpu');
    expect(report.name).toBe('cpu');
    expect(report.refused).toEqual([
      { backend: 'webgpu', reason: 'skipped: backend=cpu was requested' },
      { backend: 'webgl', reason: 'skipped: backend=cpu was requested' },
    ]);
  });
  it('or with the reason the page gives (e.g. forced after repeated device loss)', async () => {
    const report = await initBackend('cpu', 'forced after the GPU device was lost twice');
    expect(report.refused.map((r) => r.reason)).toEqual(['forced after the GPU device was lost twice', 'forced after the GPU device was lost twice']);
  });
});
