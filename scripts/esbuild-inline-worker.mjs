// esbuild plugin that puts the embedding worker and onnxruntime-web's WASM binary inside
// main.js, because an Obsidian plugin ships main.js, manifest.json and styles.css only.
//
//   import workerSource from 'virtual:ask-vault/embed-worker';  // the worker bundle, as a string
//   import wasmGzipBase64 from 'virtual:ask-vault/ort-wasm';     // the .wasm, gzipped, base64
//
// The worker is a nested esbuild build (IIFE, browser conditions, so transformers.js resolves
// to its web build and onnxruntime-web to the bundle that embeds its Emscripten glue). The
// WASM file is the one that bundle loads, found by reading the bundle itself, so an upgrade of
// transformers.js or onnxruntime-web cannot leave a mismatched binary behind.
//
// Wiring (esbuild.config.mjs): plugins: [inlineWorkerPlugin({ minify: !watch, wasmInComment: true })]
//
// With `wasmInComment`, the WASM is not a string literal of the bundle but a comment appended to
// the output file (`/*ask-vault-ort-wasm:<base64>*/`): the main thread compiles main.js without
// materialising 8.8 MB of string (it was half of the compile time), and the embedding worker
// reads the file's bytes and decodes the comment itself (src/worker/onnx-wasm.ts). The virtual
// module then exports an empty string.
import esbuild from 'esbuild';
import { appendFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback, constants as zlib } from 'node:zlib';
import { stripCodeCdnPlugin } from './strip-code-cdn.mjs';

const gzip = promisify(gzipCallback);

export const EMBED_WORKER_MODULE = 'virtual:ask-vault/embed-worker';
export const ORT_WASM_MODULE = 'virtual:ask-vault/ort-wasm';
/** Opens the comment that carries the WASM at the end of main.js; the worker looks for it. */
export const WASM_COMMENT_MARKER = '/*ask-vault-ort-wasm:';
const NAMESPACE = 'ask-vault-inline';

/**
 * Gzipping 15–27 MB at level 9 takes seconds: the result is kept in memory across watch
 * rebuilds, and on disk (node_modules/.cache) across builds, keyed by the file's size and mtime.
 */
const wasmCache = new Map();

/**
 * @param {object} [options]
 * @param {string} [options.workerEntry] the worker's entry point
 * @param {boolean} [options.minify] minify the worker bundle (default true)
 * @param {boolean} [options.webgpu] keep onnxruntime-web's WebGPU build (default true). False
 *   swaps it for the WASM-only build: main.js is about 4 MB smaller, and embeddings always run
 *   on the CPU.
 * @param {boolean} [options.wasmInComment] append the WASM to the output file as a comment
 *   rather than inline it as a string (default false; see the file comment)
 * @param {string | null} [options.cacheDir] where gzipped binaries are kept between builds (null: nowhere)
 * @param {(info: { workerBytes: number, wasmFile: string, wasmBytes: number, wasmGzipBytes: number }) => void} [options.onInlined]
 * @returns {import('esbuild').Plugin}
 */
export function inlineWorkerPlugin(options = {}) {
  const { workerEntry = 'src/worker/embed-worker.ts', minify = true, webgpu = true, wasmInComment = false, onInlined } = options;
  const cacheDir = options.cacheDir === undefined ? 'node_modules/.cache/ask-vault-inline-worker' : options.cacheDir;
  return {
    name: 'ask-vault-inline-worker',
    setup(build) {
      const cwd = build.initialOptions.absWorkingDir ?? process.cwd();
      /** @type {Promise<{ code: string, inputs: string[], ortBundle: string }> | null} */
      let workerBuild = null;
      build.onStart(() => {
        workerBuild = null;
      });
      const getWorker = () => (workerBuild ??= buildWorker({ cwd, workerEntry, minify, webgpu }));
      /** The base64 to append to the output once written (wasmInComment). */
      let commentBase64 = null;

      build.onResolve({ filter: /^virtual:ask-vault\// }, (args) => {
        if (args.path !== EMBED_WORKER_MODULE && args.path !== ORT_WASM_MODULE) {
          return { errors: [{ text: `unknown virtual module ${args.path}` }] };
        }
        return { path: args.path, namespace: NAMESPACE };
      });

      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, async (args) => {
        const worker = await getWorker();
        if (args.path === EMBED_WORKER_MODULE) {
          return { contents: `export default ${JSON.stringify(worker.code)};`, loader: 'js', watchFiles: worker.inputs };
        }
        const wasmFile = await wasmFileOf(worker.ortBundle);
        const { base64, bytes, gzipBytes } = await gzipBase64(wasmFile, cacheDir && path.resolve(cwd, cacheDir));
        onInlined?.({ workerBytes: Buffer.byteLength(worker.code), wasmFile, wasmBytes: bytes, wasmGzipBytes: gzipBytes });
        if (wasmInComment) commentBase64 = base64;
        return { contents: `export default ${JSON.stringify(wasmInComment ? '' : base64)};`, loader: 'js', watchFiles: [wasmFile, worker.ortBundle] };
      });

      build.onEnd(async (result) => {
        const outfile = build.initialOptions.outfile;
        if (!wasmInComment || !commentBase64 || result.errors.length > 0) return;
        if (!outfile || build.initialOptions.write === false) throw new Error('wasmInComment needs an outfile written to disk');
        // Base64 never holds "*/", so the comment cannot end early.
        await appendFile(path.resolve(cwd, outfile), `\n${WASM_COMMENT_MARKER}${commentBase64}*/\n`);
      });
    },
  };
}

async function buildWorker({ cwd, workerEntry, minify, webgpu }) {
  const result = await esbuild.build({
    absWorkingDir: cwd,
    entryPoints: [workerEntry],
    bundle: true,
    // A classic worker: works from a Blob URL everywhere Obsidian runs.
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify,
    write: false,
    metafile: true,
    alias: webgpu ? {} : { 'onnxruntime-web/webgpu': 'onnxruntime-web/wasm' },
    // transformers.js's default WASM address on a CDN, never used (see strip-code-cdn.mjs).
    plugins: [stripCodeCdnPlugin()],
    // The web builds read import.meta.url only to find files next to themselves, which the
    // worker never asks for (the binary is handed over, the glue is embedded).
    logOverride: { 'empty-import-meta': 'silent' },
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).map((p) => path.resolve(cwd, p));
  const ortBundle = inputs.find((p) => /[\\/]onnxruntime-web[\\/]dist[\\/]ort\.[\w.]*bundle[\w.]*\.mjs$/.test(p));
  if (!ortBundle) {
    throw new Error('the worker bundle does not include an onnxruntime-web bundle build (ort.*.bundle.min.mjs); cannot tell which .wasm to inline');
  }
  return { code: result.outputFiles[0].text, inputs, ortBundle };
}

/** The .wasm an onnxruntime-web bundle loads: the one its code names (asyncify/jsep/jspi/plain). */
async function wasmFileOf(ortBundle) {
  const code = await readFile(ortBundle, 'utf8');
  const names = new Set(code.match(/ort-wasm-simd-threaded(?:\.[a-z]+)?\.wasm/g) ?? []);
  if (names.size !== 1) {
    throw new Error(`${path.basename(ortBundle)} names ${names.size} WASM files (${[...names].join(', ')}); expected exactly one`);
  }
  return path.join(path.dirname(ortBundle), [...names][0]);
}

async function gzipBase64(file, cacheDir) {
  const { mtimeMs, size } = await stat(file);
  const key = `${path.basename(file)}-${size}-${Math.floor(mtimeMs)}`;
  let entry = wasmCache.get(key);
  if (entry) return entry;
  const cached = cacheDir && (await readFile(path.join(cacheDir, `${key}.gz`)).catch(() => null));
  const gzipped = cached ?? (await gzip(await readFile(file), { level: zlib.Z_BEST_COMPRESSION }));
  if (cacheDir && !cached) {
    // Write then rename, so a concurrent or interrupted build never reads half a file.
    await mkdir(cacheDir, { recursive: true });
    const tmp = path.join(cacheDir, `${key}.gz.${process.pid}.tmp`);
    await writeFile(tmp, gzipped);
    await rename(tmp, path.join(cacheDir, `${key}.gz`));
  }
  entry = { base64: gzipped.toString('base64'), bytes: size, gzipBytes: gzipped.length };
  wasmCache.set(key, entry);
  return entry;
}
