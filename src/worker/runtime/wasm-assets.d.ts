/** Vite's `?url` imports: the emitted asset's URL (the .wasm binaries of tfjs-backend-wasm). */
declare module '*.wasm?url' {
  const url: string;
  export default url;
}
