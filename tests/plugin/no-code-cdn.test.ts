// The built main.js names no code CDN: transformers.js's default address for onnxruntime-web's
// WASM files (cdn.jsdelivr.net), never used because the worker hands over the inlined binary, is
// removed at build time (scripts/strip-code-cdn.mjs). main.js is the real build (rebuilt here if
// older than a source).
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CODE_CDN_HOSTS, stripCodeCdn } from '../../scripts/strip-code-cdn.mjs';
import { ensureBuilt } from '../built';

const ROOT = resolve(__dirname, '../..');
let bundle = '';

beforeAll(() => {
  bundle = readFileSync(ensureBuilt('plugin'), 'utf8');
}, 120_000);

describe('no code CDN in main.js', () => {
  it('holds no http(s) address on a code CDN, the embedding worker inlined in it included', () => {
    expect(bundle).toContain('ort-wasm-simd-threaded'); // the worker (and transformers.js in it) is in there
    const hosts = [...bundle.matchAll(/https?:\/\/([a-z0-9.-]+)/gi)].map((m) => m[1]!.toLowerCase());
    expect(hosts.length).toBeGreaterThan(0);
    const cdn = hosts.filter((h) => CODE_CDN_HOSTS.some((c) => h === c || h.endsWith(`.${c}`)));
    expect(cdn).toEqual([]);
    expect(bundle).not.toMatch(/onnxruntime-web@/);
  });

  it('the strip applies to the transformers.js build the worker bundles, and refuses a CDN address it does not know', () => {
    const web = join(ROOT, 'node_modules/@huggingface/transformers/dist/transformers.web.js');
    const original = readFileSync(web, 'utf8');
    expect(original).toMatch(/https:\/\/cdn\.jsdelivr\.net\/npm\/onnxruntime-web@/);
    expect(stripCodeCdn(original)).not.toMatch(/cdn\.jsdelivr/);
    expect(() => stripCodeCdn('const u = "https://unpkg.com/onnxruntime-web/dist/";', 'x.js')).toThrow(/x\.js still names a code CDN \(https:\/\/unpkg\.com\)/);
  });
});
