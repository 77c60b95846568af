/** The worker side of the counterfactuals: `counterfactual`. */
import type { FeatureHandlers } from '../../../worker/handler-types';
import { runCounterfactual } from './run-counterfactual';

export const counterfactualHandlers = {
  counterfactual: async (p, job, session) => {
    const { model, rgba, env } = await session.prepare(p.model, p.source, job);
    // The distractor is decoded on the side: the shown photo's decoded crop stays cached.
    const distractor = async () => (await session.images.decodeUncached(p.request.distractor, model.spec, job)).rgba;
    return runCounterfactual(model, rgba, p.request, env, distractor);
  },
} satisfies FeatureHandlers;
