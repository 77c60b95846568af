/** The worker side of the diagnostics panel: `diagnostics`. */
import type { FeatureHandlers } from '../../../worker/handler-types';
import { collectDiagnostics } from './collect';

export const diagnosticsHandlers = {
  diagnostics: (_p, _job, session) => collectDiagnostics(session.models, session.runs),
} satisfies FeatureHandlers;
