/** A worker method's handler, and the table of them the worker dispatches with. */
import type { Method, Params, Result } from '../shared/protocol/api';
import type { Job } from './job';
import type { Session } from './session';

export type Handler<M extends Method> = (params: Params<M>, job: Job, session: Session) => Promise<Result<M>>;
export type HandlerTable = { [M in Method]: Handler<M> };
/** The methods a feature owns, with their handlers. */
export type FeatureHandlers = Partial<HandlerTable>;
