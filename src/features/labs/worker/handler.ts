/** The worker side of the pitfalls labs: `lab`. */
import type { FeatureHandlers } from '../../../worker/handler-types';
import { runLab } from './run-lab';

export const labHandlers = {
  lab: async (p, job, session) => {
    const { model, rgba, env } = await session.prepare(p.model, p.source, job);
    return runLab(model, rgba, p.request, env);
  },
} satisfies FeatureHandlers;
