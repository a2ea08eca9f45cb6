#!/usr/bin/env node
// Assembles src/core/index/dot-kernel.wat into src/core/index/dot-kernel-wasm.ts by hand, so
// rebuilding the kernel needs no toolchain. The instructions below follow the .wat line for
// line; when wabt's wat2wasm is on the PATH the script also compiles the .wat and refuses to
// write unless both give the same bytes.
//   node scripts/make-dot-kernel.mjs           writes the .ts file
//   node scripts/make-dot-kernel.mjs --check   exits 1 if the committed .ts is not what it would write
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watFile = path.join(root, 'src/core/index/dot-kernel.wat');
const tsFile = path.join(root, 'src/core/index/dot-kernel-wasm.ts');

// ---- encoding helpers (https://webassembly.github.io/spec/core/binary/) --------------------

const u32 = (n) => {
  const out = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const s32 = (n) => {
  const out = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
};
const name = (s) => [...u32(s.length), ...Buffer.from(s, 'utf8')];
const vec = (items) => [...u32(items.length), ...items.flat()];
const section = (id, body) => [id, ...u32(body.length), ...body];

const I32 = 0x7f;
const V128 = 0x7b;
const EMPTY = 0x40; // block type of a block that takes and leaves nothing

// Instructions. Locals by index: params rows 0, n 1, d 2, q 3, out 4; rowBytes 5, bytes16 6,
// end 7, j 8; a0 9, a1 10, a2 11, a3 12.
const get = (i) => [0x20, ...u32(i)];
const set = (i) => [0x21, ...u32(i)];
const i32c = (n) => [0x41, ...s32(n)];
const i32 = { add: [0x6a], mul: [0x6c], and: [0x71], shl: [0x74], geU: [0x4f] };
const block = (...body) => [0x02, EMPTY, ...body.flat(), 0x0b];
const loop = (...body) => [0x03, EMPTY, ...body.flat(), 0x0b];
const br = (depth) => [0x0c, ...u32(depth)];
const brIf = (depth) => [0x0d, ...u32(depth)];
const simd = (op, ...imm) => [0xfd, ...u32(op), ...imm];
const v128 = {
  load: (offset) => simd(0x00, ...u32(4), ...u32(offset)), // align 2^4
  zero: simd(0x0c, ...new Array(16).fill(0)),
};
const f32x4 = { add: simd(0xe4), mul: simd(0xe6), lane: (i) => simd(0x1f, i) };
const f32 = { add: [0x92], store: [0x38, ...u32(2), ...u32(0)] };

const [ROWS, N, D, Q, OUT, ROW_BYTES, BYTES16, END, J, A0, A1, A2, A3] = Array.from({ length: 13 }, (_, i) => i);

/** acc += rows[j + offset..] · q[j + offset..], four lanes. */
const accumulate = (acc, offset) => [
  ...get(acc),
  ...get(ROWS), ...get(J), ...i32.add, ...v128.load(offset),
  ...get(Q), ...get(J), ...i32.add, ...v128.load(offset),
  ...f32x4.mul, ...f32x4.add, ...set(acc),
];

const body = [
  ...get(D), ...i32c(2), ...i32.shl, ...set(ROW_BYTES),
  ...get(D), ...i32c(-16), ...i32.and, ...i32c(2), ...i32.shl, ...set(BYTES16),
  ...get(ROWS), ...get(N), ...get(ROW_BYTES), ...i32.mul, ...i32.add, ...set(END),
  ...block(loop(
    get(ROWS), get(END), i32.geU, brIf(1),
    v128.zero, set(A0), v128.zero, set(A1), v128.zero, set(A2), v128.zero, set(A3),
    i32c(0), set(J),
    block(loop(
      get(J), get(BYTES16), i32.geU, brIf(1),
      accumulate(A0, 0), accumulate(A1, 16), accumulate(A2, 32), accumulate(A3, 48),
      get(J), i32c(64), i32.add, set(J),
      br(0),
    )),
    block(loop(
      get(J), get(ROW_BYTES), i32.geU, brIf(1),
      accumulate(A0, 0),
      get(J), i32c(16), i32.add, set(J),
      br(0),
    )),
    get(A0), get(A1), f32x4.add, get(A2), get(A3), f32x4.add, f32x4.add, set(A0),
    get(OUT),
    get(A0), f32x4.lane(0), get(A0), f32x4.lane(1), f32.add,
    get(A0), f32x4.lane(2), get(A0), f32x4.lane(3), f32.add,
    f32.add, f32.store,
    get(OUT), i32c(4), i32.add, set(OUT),
    get(ROWS), get(ROW_BYTES), i32.add, set(ROWS),
    br(0),
  )),
  0x0b,
];
const locals = vec([[...u32(4), I32], [...u32(4), V128]]);
const func = [...locals, ...body];

const bytes = Uint8Array.from([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, vec([[0x60, ...vec([I32, I32, I32, I32, I32]), ...vec([])]])),
  ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...u32(1)]])),
  ...section(3, vec([u32(0)])),
  ...section(7, vec([[...name('dots'), 0x00, ...u32(0)]])),
  ...section(10, vec([[...u32(func.length), ...func]])),
]);

// ---- check against wat2wasm, then write ---------------------------------------------------

const reference = compileWithWabt();
if (reference && Buffer.compare(Buffer.from(reference), Buffer.from(bytes)) !== 0) {
  console.error('make-dot-kernel: the hand-assembled bytes differ from wat2wasm on dot-kernel.wat; fix one of them.');
  process.exit(1);
}
if (!WebAssembly.validate(bytes)) {
  console.error('make-dot-kernel: this Node does not validate the module (SIMD missing, or bad bytes).');
  process.exit(1);
}

const lines = [];
for (let i = 0; i < bytes.length; i += 16) lines.push(`  ${[...bytes.subarray(i, i + 16)].map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(', ')},`);
const ts = `// Generated by scripts/make-dot-kernel.mjs from dot-kernel.wat; do not edit by hand.
// ${bytes.length} bytes: one function, dots(rows, n, d, q, out), over an imported memory.
export const DOT_KERNEL_WASM = new Uint8Array([
${lines.join('\n')}
]);
`;

if (process.argv.includes('--check')) {
  const current = readFileSync(tsFile, 'utf8');
  if (current !== ts) {
    console.error(`make-dot-kernel: ${path.relative(root, tsFile)} is out of date; run node scripts/make-dot-kernel.mjs`);
    process.exit(1);
  }
  console.log(`make-dot-kernel: up to date (${bytes.length} bytes${reference ? ', same as wat2wasm' : ''}).`);
} else {
  writeFileSync(tsFile, ts);
  console.log(`make-dot-kernel: wrote ${path.relative(root, tsFile)} (${bytes.length} bytes${reference ? ', same as wat2wasm' : ', wat2wasm not installed: not cross-checked'}).`);
}

function compileWithWabt() {
  const dir = mkdtempSync(path.join(tmpdir(), 'dot-kernel-'));
  try {
    const out = path.join(dir, 'k.wasm');
    execFileSync('wat2wasm', [watFile, '-o', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    return readFileSync(out);
  } catch (err) {
    if (err.code === 'ENOENT') return null;
    throw err;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
