/** The worker side of the Integrated Gradients path explorer: `igPath`. */
import type { FeatureHandlers } from '../../../worker/handler-types';
import { runIgPath } from './run-ig-path';

export const igPathHandlers = {
  igPath: async (p, job, session) => {
    const { model, rgba, env } = await session.prepare(p.model, p.source, job);
    return runIgPath(model, rgba, p.request, env);
  },
} satisfies FeatureHandlers;
