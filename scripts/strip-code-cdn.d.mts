import type { Plugin } from 'esbuild';

export const CODE_CDN_HOSTS: string[];
export function stripCodeCdn(code: string, file?: string): string;
export function stripCodeCdnPlugin(): Plugin;
