// The WASM travels in main.js as a closing comment, not a string literal: the main thread never
// materialises it, and the worker finds it in the file's bytes.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WASM_COMMENT_MARKER as BUILD_MARKER } from '../../../scripts/esbuild-inline-worker.mjs';
import { WASM_COMMENT_MARKER, wasmBase64FromMainJs } from '../../../src/worker/onnx-wasm';

const MAIN_JS = join(__dirname, '../../../main.js');

describe('the WASM comment of main.js', () => {
  it('the build and the worker agree on the marker', () => {
    expect(BUILD_MARKER).toBe(WASM_COMMENT_MARKER);
  });

  it('is found in the bytes, the last one winning, and absent means null', () => {
    const file = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
    expect(wasmBase64FromMainJs(file(`var a = "${WASM_COMMENT_MARKER}decoy";\n${WASM_COMMENT_MARKER}QUJD*/\n`))).toBe('QUJD');
    expect(wasmBase64FromMainJs(file('module.exports = {};'))).toBeNull();
    expect(wasmBase64FromMainJs(file(`${WASM_COMMENT_MARKER}QUJD`))).toBeNull();
  });

  it.skipIf(!existsSync(MAIN_JS))('the built main.js ends with it, holds no WASM literal, and it inflates to WebAssembly', () => {
    const bytes = readFileSync(MAIN_JS);
    const base64 = wasmBase64FromMainJs(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    expect(base64).not.toBeNull();
    expect(bytes.subarray(bytes.length - 8).toString('latin1').trimEnd().endsWith('*/')).toBe(true);
    const code = bytes.toString('latin1', 0, bytes.lastIndexOf(WASM_COMMENT_MARKER));
    expect(code).not.toContain(base64!.slice(0, 200));
    const wasm = gunzipSync(Buffer.from(base64!, 'base64'));
    expect([...wasm.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
  });
});
