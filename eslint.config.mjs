import { defineConfig, globalIgnores } from 'eslint/config';
import obsidianmd from 'eslint-plugin-obsidianmd';
import globals from 'globals';

export default defineConfig([
  globalIgnores(['node_modules/', 'dist/', 'main.js', 'tests/', 'scripts/', 'bench/', '*.config.*', 'examples/']),
  ...obsidianmd.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
  },
  {
    // The core, the CLI and the worker run in Node and in workers too, where there is no `window`
    // (no popout windows either), and the core's HTTP transport is the global fetch by design.
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/worker/**/*.ts', 'src/mcp/**/*.ts'],
    rules: {
      'obsidianmd/prefer-window-timers': 'off',
      'no-restricted-globals': 'off',
    },
  },
  {
    // The CLI is a Node program: Node modules and globals are its platform, and it has to find the
    // index where the plugin keeps it by default (<vault>/.obsidian/plugins/ask-vault/index).
    files: ['src/cli/**/*.ts', 'src/mcp/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'obsidianmd/no-nodejs-modules': 'off',
      'obsidianmd/hardcoded-config-path': 'off',
    },
  },
  {
    // The core must run in the CLI, in tests and in a worker: no Obsidian API there.
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/worker/**/*.ts', 'src/mcp/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'obsidian', message: 'src/core, src/cli, src/mcp and src/worker must not import obsidian; go through a port in src/core/ports.ts.' }],
        patterns: [{ group: ['**/plugin/**'], message: 'The core must not depend on the plugin layer.' }],
      }],
    },
  },
  {
    // The core never touches Node built-ins either, so it runs unchanged in the browser worker.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'obsidian', message: 'src/core must not import obsidian; go through a port in src/core/ports.ts.' }],
        patterns: [
          { group: ['**/plugin/**', '**/cli/**'], message: 'The core must not depend on the plugin or CLI layers.' },
          { group: ['node:*', 'fs', 'path', 'os', 'child_process'], message: 'The core runs in the browser too: use a port.' },
        ],
      }],
    },
  },
]);
