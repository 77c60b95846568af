/** A panel's run: where it is, its progress, its result or error (the shape run-lifecycle.ts writes). */
export interface RunFields<R> {
  status: 'idle' | 'running' | 'done' | 'error';
  progress?: { message: string; loaded?: number; total?: number };
  result?: R;
  error?: string;
}

/** A run's fields back to idle with nothing shown (applying a query string). */
export const IDLE_RUN = { result: undefined, status: 'idle' as const, error: undefined, progress: undefined };
