/** The worker side of the adversarial attacks: `attack`. */
import type { FeatureHandlers } from '../../../worker/handler-types';
import { runAttack } from './run-attack';

export const attackHandlers = {
  attack: async (p, job, session) => {
    const { model, rgba, env } = await session.prepare(p.model, p.source, job);
    return runAttack(model, rgba, p.request, env);
  },
} satisfies FeatureHandlers;
