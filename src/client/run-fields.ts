/** A panel's run: where it is, its progress, its result or error (the shape run-lifecycle.ts writes). */
export interface RunFields<R> {
  status: 'idle' | 'running' | 'done' | 'error';
  progress?: { message: string; loaded?: number; total?: number };
  result?: R;
  error?: string;
}
