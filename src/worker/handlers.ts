/**
 * The worker's handler table: the core methods (backend, model, classify) and, one line each, the
 * methods each feature owns (src/features/<f>/worker/handler.ts). The type checks every method has one.
 */
import { attackHandlers } from '../features/attacks/worker/handler';
import { counterfactualHandlers } from '../features/counterfactuals/worker/handler';
import { diagnosticsHandlers } from '../features/diagnostics/worker/handler';
import { explainHandlers } from '../features/explain/worker/handler';
import { igPathHandlers } from '../features/ig-path/worker/handler';
import { labHandlers } from '../features/labs/worker/handler';
import type { FeatureHandlers, HandlerTable } from './handler-types';

const coreHandlers = {
  init: (p, _job, session) => session.models.init(p.backend, p.reason, p.threads),
  loadModel: (p, job, session) => session.models.load(p.model, p.baseUrl, job),
  loadUploadedModel: (p, job, session) => session.models.loadUploaded(p.files, p.baseUrl, job),
  classify: (p, job, session) => session.classify(p.model, p.source, p.topK, job),
} satisfies FeatureHandlers;

export const handlers = {
  ...coreHandlers,
  ...explainHandlers,
  ...labHandlers,
  ...attackHandlers,
  ...counterfactualHandlers,
  ...diagnosticsHandlers,
  ...igPathHandlers,
} satisfies HandlerTable;
