// Modules provided at build time by scripts/esbuild-inline-worker.mjs (they exist only in main.js).

declare module 'virtual:ask-vault/embed-worker' {
  /** The embedding worker's bundled source (src/worker/embed-worker.ts), to start from a Blob URL. */
  const source: string;
  export default source;
}

declare module 'virtual:ask-vault/ort-wasm' {
  /** onnxruntime-web's WASM binary, gzipped then base64-encoded; the worker inflates it. */
  const wasmGzipBase64: string;
  export default wasmGzipBase64;
}
