// esbuild plugin for the embedding worker's build: transformers.js's web build points
// onnxruntime-web at its WASM files on a code CDN (cdn.jsdelivr.net) when nothing else is set.
// Our worker hands onnxruntime the inlined binary and clears `wasmPaths` (src/worker/onnx-wasm.ts),
// so the address is never fetched; it is removed here so that main.js names no code CDN at all
// (a reviewer scanning the bundle for remote code finds none). The default then is a relative
// file name, which nothing loads either. If a transformers.js upgrade writes the address another
// way, the build fails rather than ship it.

/** Hosts that serve code: none may appear in an address in main.js (tests/plugin/no-code-cdn.test.ts). */
export const CODE_CDN_HOSTS = [
  'cdn.jsdelivr.net', 'fastly.jsdelivr.net', 'unpkg.com', 'cdnjs.cloudflare.com', 'esm.sh', 'esm.run',
  'cdn.skypack.dev', 'ga.jspm.io', 'jspm.dev', 'cdn.esm.sh', 'cdn.statically.io', 'rawcdn.githack.com',
];

const ORT_CDN_PREFIX = /`https:\/\/cdn\.jsdelivr\.net\/npm\/onnxruntime-web@\$\{[^`}]*\}\/dist\/`/g;
const ANY_CDN = new RegExp(`https?://(?:${CODE_CDN_HOSTS.map((h) => h.replace(/\./g, '\\.')).join('|')})`);

/** The source without transformers.js's onnxruntime CDN prefix; throws if a CDN address is left. */
export function stripCodeCdn(code, file = 'source') {
  const out = code.replace(ORT_CDN_PREFIX, '""');
  const left = ANY_CDN.exec(out);
  if (left) throw new Error(`${file} still names a code CDN (${left[0]}): update scripts/strip-code-cdn.mjs`);
  return out;
}

/** @returns {import('esbuild').Plugin} */
export function stripCodeCdnPlugin() {
  return {
    name: 'ask-vault-strip-code-cdn',
    setup(build) {
      build.onLoad({ filter: /[\\/]@huggingface[\\/]transformers[\\/]dist[\\/][^\\/]+\.m?js$/ }, async (args) => {
        const { readFile } = await import('node:fs/promises');
        return { contents: stripCodeCdn(await readFile(args.path, 'utf8'), args.path), loader: 'js' };
      });
    },
  };
}
