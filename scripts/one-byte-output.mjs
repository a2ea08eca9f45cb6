// esbuild plugin that keeps main.js within Latin-1, so that its text is a one-byte string.
//
// Obsidian reads main.js as text and evals it on the main thread. A single character above U+00FF
// anywhere in the file makes the browser decode all of it, 10 MB with the WASM comment, into a
// two-byte string, and V8 then copies and scans twice the bytes: in Chromium the decode alone went
// from ~6 ms to 33–110 ms, and the parse from 33 to 43 ms (BENCHMARKS.md, "The load tasks").
// esbuild's `charset: 'ascii'` (its default) escapes strings, templates and identifiers but leaves
// regular expression literals as written (evanw/esbuild#4205), and the lexical and time code has
// `’`, `–`, `œ`… in its patterns. This step writes those characters as `\uXXXX` inside the regular
// expression literals, where the escape means the same character, with or without the `u` flag.
// Any other character above U+00FF (a tagged template's raw text, where an escape would change the
// value) fails the build instead: write it as an escape in the source.
//
// Wiring (esbuild.config.mjs): plugins: [oneByteOutputPlugin()], on the plugin build only.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** @returns {import('esbuild').Plugin} */
export function oneByteOutputPlugin() {
  return {
    name: 'ask-vault-one-byte-output',
    setup(build) {
      build.onEnd(async (result) => {
        const outfile = build.initialOptions.outfile;
        if (result.errors.length > 0 || !outfile || build.initialOptions.write === false) return;
        const file = path.resolve(build.initialOptions.absWorkingDir ?? process.cwd(), outfile);
        const code = await readFile(file, 'utf8');
        const out = escapeWideInRegexLiterals(code);
        if (out !== code) await writeFile(file, out);
      });
    },
  };
}

/**
 * `code` with every UTF-16 unit above U+00FF inside a regular expression literal written as
 * `\uXXXX` (a surrogate pair as two escapes, which a `u` pattern reads as one code point). Throws
 * when such a character stands anywhere else.
 * @param {string} code
 * @returns {string}
 */
export function escapeWideInRegexLiterals(code) {
  const wide = /[^\x00-\xff]/g;
  let out = '';
  let last = 0;
  /** @type {[number, number] | null} the regex literal the previous match lay in */
  let literal = null;
  for (let m = wide.exec(code); m; m = wide.exec(code)) {
    const at = m.index;
    if (!literal || at >= literal[1]) literal = regexLiteralAround(code, at);
    if (!literal) {
      throw new Error(
        `one-byte output: U+${code.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')} outside a regular expression literal ` +
          `in ${JSON.stringify(code.slice(Math.max(0, at - 60), at + 20))}: write it as an escape in the source`,
      );
    }
    out += code.slice(last, at) + `\\u${code.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')}`;
    last = at + 1;
  }
  return last === 0 ? code : out + code.slice(last);
}

/** Characters after which a `/` opens a regular expression rather than dividing (minified code). */
const BEFORE_REGEX = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '%', '<', '>', '~', '^', '\n']);
const KEYWORDS_BEFORE_REGEX = ['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'void', 'yield', 'await'];

/**
 * [start, end) of the regular expression literal holding position `at`, or null: tries each `/`
 * before `at` on its line, nearest first, that may open one, and reads the literal from there
 * (escapes, classes, then flags); the first that reaches past `at` on a well-formed ending wins.
 * @param {string} code
 * @param {number} at
 * @returns {[number, number] | null}
 */
function regexLiteralAround(code, at) {
  for (let start = at - 1; start >= 0 && code[start] !== '\n'; start--) {
    if (code[start] !== '/' || !opensRegex(code, start)) continue;
    const end = readRegexLiteral(code, start);
    if (end !== null && end > at) return [start, end];
  }
  return null;
}

/** @param {string} code @param {number} slash */
function opensRegex(code, slash) {
  let i = slash - 1;
  while (i >= 0 && (code[i] === ' ' || code[i] === '\t')) i--;
  if (i < 0 || BEFORE_REGEX.has(code[i])) return true;
  return KEYWORDS_BEFORE_REGEX.some((k) => code.slice(i - k.length + 1, i + 1) === k && !/[\w$]/.test(code[i - k.length] ?? ''));
}

/** End (exclusive, after the flags) of the literal opened at `start`, or null if none closes on this line. */
function readRegexLiteral(code, start) {
  let inClass = false;
  for (let i = start + 1; i < code.length; i++) {
    const c = code[i];
    if (c === '\n' || c === '\r') return null;
    if (c === '\\') i++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      let j = i + 1;
      while (j < code.length && /[dgimsuvy]/.test(code[j])) j++;
      return j;
    }
  }
  return null;
}
