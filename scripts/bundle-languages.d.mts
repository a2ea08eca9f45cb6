// Types of bundle-languages.mjs, for TypeScript callers (the bundle languages test).
import type { Plugin } from 'esbuild';
export const KEPT_STEMMERS: string[];
export const KEPT_STOP_LISTS: string[];
export function keepStemmers(source: string, keep?: string[]): string;
export function keepStopLists(json: string, keep?: string[]): string;
export function bundleLanguagesPlugin(): Plugin;
