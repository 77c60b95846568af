/** The part of Dawn's Node binding (npm `webgpu`) the harness uses. */
declare module 'webgpu' {
  export function create(options: string[]): GPU;
  export const globals: Record<string, unknown>;
}
