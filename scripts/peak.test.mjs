// theoreticalPeak's reading of /proc/cpuinfo: ISA from the flags, physical cores from the topology, the clock.
import { describe, expect, it } from 'vitest';
import { theoreticalPeak } from './peak.mjs';

const cpu = (id, { core = id, phys = 0, flags = 'fpu sse sse2 avx avx2 fma', mhz = '2500.000' } = {}) =>
  [`processor\t: ${id}`, 'model name\t: Test CPU', `physical id\t: ${phys}`, `core id\t\t: ${core}`, ...(mhz ? [`cpu MHz\t\t: ${mhz}`] : []), `flags\t\t: ${flags}`].join('\n');

describe('theoreticalPeak', () => {
  it('AVX2 + FMA: 32 FLOP/cycle; hyperthreads share a core', () => {
    const text = [cpu(0, { core: 0 }), cpu(1, { core: 0 }), cpu(2, { core: 1 }), cpu(3, { core: 1 })].join('\n\n') + '\n';
    const p = theoreticalPeak(text, 4);
    expect(p).toMatchObject({ logicalCpus: 4, cores: 2, flopPerCyclePerCore: 32, ghz: 2.5, gflopsPerCore: 80, gflops: 160 });
  });
  it('AVX-512F + FMA: 64; AVX2 without FMA falls to AVX: 16; SSE only: 8', () => {
    expect(theoreticalPeak(cpu(0, { flags: 'sse avx avx2 fma avx512f', mhz: '2000' }), 1)).toMatchObject({ flopPerCyclePerCore: 64, gflops: 128 });
    expect(theoreticalPeak(cpu(0, { flags: 'sse avx avx2' }), 1).flopPerCyclePerCore).toBe(16);
    expect(theoreticalPeak(cpu(0, { flags: 'sse sse2' }), 1).flopPerCyclePerCore).toBe(8);
  });
  it('no clock in cpuinfo: says so, no theoretical number', () => {
    const p = theoreticalPeak(cpu(0, { mhz: null }), 1);
    expect(p.gflops).toBeNull();
    expect(p.ghzSource).toMatch(/not in cpuinfo/);
  });
  it('two sockets count their cores apart', () => {
    const text = [cpu(0, { phys: 0, core: 0 }), cpu(1, { phys: 1, core: 0 })].join('\n\n');
    expect(theoreticalPeak(text, 2).cores).toBe(2);
  });
});
