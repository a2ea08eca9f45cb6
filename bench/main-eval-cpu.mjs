// CPU time of evaluating main.js as Obsidian does (compiled from its text, then run with a
// `require` that hands out `obsidian`), in this fresh Node process: no code or regexp cache
// carries over from another run. Prints one JSON line: { bytes, compileMs, runMs }.
//   node bench/main-eval-cpu.mjs [main.js]            one measurement
//   node --cpu-prof bench/main-eval-cpu.mjs [main.js]  the same, with a V8 CPU profile
// Compare builds by running it in a loop over them, interleaved (BENCHMARKS.md, "The load tasks").
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const file = process.argv[2] ?? 'main.js';

/** A stand-in for Obsidian's module: every property is a constructible, callable stub. */
function stub(name) {
  const fn = function () {};
  return new Proxy(fn, {
    get: (target, key) => (key === 'prototype' ? target.prototype : key === Symbol.toPrimitive ? () => name : stub(`${name}.${String(key)}`)),
    construct: () => ({}),
    apply: () => undefined,
  });
}
const obsidian = stub('obsidian');
const require = (id) => {
  if (id === 'obsidian') return obsidian;
  throw new Error(`main.js required "${id}"`);
};

const text = readFileSync(file, 'utf8');
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const c0 = cpu();
const script = new vm.Script(`(function anonymous(module, exports, require) {${text}\n})`, { filename: 'main.js' });
const factory = script.runInThisContext();
const c1 = cpu();
const module = { exports: {} };
factory.call(module.exports, module, module.exports, require);
const c2 = cpu();
if (typeof module.exports.default !== 'function') throw new Error('main.js exported no plugin class');
console.log(JSON.stringify({ bytes: Buffer.byteLength(text), compileMs: c1 - c0, runMs: c2 - c1 }));
