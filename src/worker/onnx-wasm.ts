// Gives onnxruntime-web its WASM binary without any network access. The plugin ships only
// main.js, so the build inlines the binary (gzipped, base64) and the worker inflates it here.
//
// Why this is enough: the onnxruntime-web bundle that transformers.js imports
// (`onnxruntime-web/webgpu` → ort.webgpu.bundle.min.mjs) embeds its Emscripten glue (the
// `ort-wasm-simd-threaded.*.mjs` file), and uses it instead of importing the .mjs from a URL
// when no `wasmPaths` is set and, in a worker without a script URL, when `wasmBinary` is set
// and threads are off. So: wasmBinary = the inflated bytes, wasmPaths unset (transformers.js
// defaults it to a CDN), numThreads = 1 (no pthread workers to spawn from a blob), proxy off.
import type { TransformersEnv } from '../core/embedding';

/** base64 → gzip bytes → the original bytes, streamed through DecompressionStream. */
export async function inflateGzipBase64(base64: string): Promise<ArrayBuffer> {
  const gzipped = decodeBase64(base64);
  const stream = new Blob([gzipped]).stream().pipeThrough(new DecompressionStream('gzip'));
  return await new Response(stream).arrayBuffer();
}

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const fromBase64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array<ArrayBuffer> }).fromBase64;
  if (fromBase64) return fromBase64(base64);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Opens the comment that carries the WASM at the end of main.js (scripts/esbuild-inline-worker.mjs). */
export const WASM_COMMENT_MARKER = '/*ask-vault-ort-wasm:';

/**
 * The base64 of the comment appended to main.js, from the file's bytes, or null when it has
 * none. Runs in the worker: the main thread only reads the file and hands its bytes over.
 */
export function wasmBase64FromMainJs(bytes: ArrayBuffer): string | null {
  // Latin-1 maps each byte to one character: the marker and base64 are ASCII, and nothing else matters.
  const text = new TextDecoder('latin1').decode(bytes);
  const start = text.lastIndexOf(WASM_COMMENT_MARKER);
  if (start < 0) return null;
  const end = text.indexOf('*/', start);
  return end < 0 ? null : text.slice(start + WASM_COMMENT_MARKER.length, end);
}

/** Points onnxruntime-web at an in-memory binary; see the file comment for each setting. */
export function useInlinedWasm(env: TransformersEnv, wasmBinary: ArrayBuffer): void {
  const wasm = env.backends.onnx.wasm;
  if (!wasm) throw new Error('onnxruntime-web has no WASM backend in this build');
  wasm.wasmBinary = wasmBinary;
  wasm.wasmPaths = undefined;
  wasm.numThreads = 1;
  wasm.proxy = false;
  // transformers.js would otherwise fetch (and cache) the binary from wasmPaths itself.
  env.useWasmCache = false;
}
