// Types of one-byte-output.mjs, for TypeScript callers (the one-byte output test).
import type { Plugin } from 'esbuild';
export function escapeWideInRegexLiterals(code: string): string;
export function oneByteOutputPlugin(): Plugin;
