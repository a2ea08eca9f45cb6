// main.js stays within Latin-1 (scripts/one-byte-output.mjs): characters above U+00FF in regular
// expression literals are written as escapes that match the same text, anything else fails the build.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeWideInRegexLiterals } from '../../scripts/one-byte-output.mjs';

const ROOT = resolve(__dirname, '../..');

/** Evaluates `code` (an expression) as written and as escaped. */
function both(code: string): [unknown, unknown, string] {
  const escaped = escapeWideInRegexLiterals(code);
  const run = (src: string) => new Function(`return (${src});`)() as unknown;
  return [run(code), run(escaped), escaped];
}

describe('one-byte output', () => {
  // As esbuild writes them: strings already escaped, regular expression literals as in the source.
  it.each([
    ["'l\\u2019\\xE9t\\xE9, c\\u2019est'.replace(/’/g, \"'\")"],
    ["'jusqu\\u2019\\xE0 \\u2013 fin'.match(/jusqu['’](?:à|au)|[-–—]/gu)"],
    ["[/[àâçéèêëîïôûùüÿœ]|\\b(?:qu|l)['’]/i.test('c\\u0153ur'), /[àœ]/i.test('\\u0152uvre')]"],
    ["'\\xAB x \\xBB \\u201Cy\\u201D'.replace(/^[\"'«“]\\s*|\\s*[\"'»”]$/g, '')"],
    ["[/[‐‑–]/.exec('a\\u2011b')?.index, 10 / 2 / 5]"],
    ["'a\\u{1F600}b'.replace(/😀/u, '-') + 'a\\u{1F600}b'.replace(/😀/, '-')"],
    ["new RegExp(`(?:${/[’‘]/.source})`, 'g').test('\\u2018')"],
  ])('%s gives the same result escaped', (code) => {
    const [written, escaped, text] = both(code);
    expect(escaped).toEqual(written);
    expect(text).not.toMatch(/[^\x00-\xff]/);
  });

  it('leaves Latin-1 and escapes in strings alone', () => {
    const code = 'var a="caf\\xE9",b=/é/;';
    expect(escapeWideInRegexLiterals(code)).toBe(code);
  });

  it('fails on a character above U+00FF outside a regular expression literal', () => {
    expect(() => escapeWideInRegexLiterals('var t=String.raw`l’été`;')).toThrow(/U\+2019 outside a regular expression literal/);
    expect(() => escapeWideInRegexLiterals('var n=a/b’/c;')).toThrow(/U\+2019/);
  });

  it.skipIf(!existsSync(resolve(ROOT, 'main.js')))('the built main.js holds no character above U+00FF', () => {
    const text = readFileSync(resolve(ROOT, 'main.js'), 'utf8');
    expect(text.match(/[^\x00-\xff]/g) ?? []).toEqual([]);
    expect(text.trimEnd().endsWith('*/')).toBe(true);
  });
});
