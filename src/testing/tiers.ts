/**
 * Test tiers. `npm run test:fast` sets TEST_TIER=fast: the real-model checks (MobileNet / ResNet-50
 * weights on the CPU backend, seconds to minutes each) are skipped and the toy-model checks of the same
 * code run, for the local loop. `npm test` and CI run everything.
 */
import { describe } from 'vitest';

export const FAST_TIER = process.env.TEST_TIER === 'fast';

/** A describe block that loads real model weights: skipped in the fast tier. */
export const describeRealModel: typeof describe = FAST_TIER ? (describe.skip as typeof describe) : describe;
