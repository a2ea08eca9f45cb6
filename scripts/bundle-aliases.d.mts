// Types of bundle-aliases.mjs, for TypeScript callers (the bundle stubs test).
/** esbuild `alias` entries for the plugin's bundle ('plugin') or a Node bundle ('node'). */
export function unusedModuleAliases(target: 'plugin' | 'node'): Promise<Record<string, string>>;
