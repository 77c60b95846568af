/** The worker side of the explanation (and the comparison grid, the labs' page-side runs): `attribute`. */
import { runAttribution } from '../../../worker/attribution/engine';
import type { FeatureHandlers } from '../../../worker/handler-types';

export const explainHandlers = {
  attribute: async (p, job, session) => {
    const { model, rgba, env } = await session.prepare(p.model, p.source, job);
    return runAttribution(model, rgba, p.params, env);
  },
} satisfies FeatureHandlers;
