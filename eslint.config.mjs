import { defineConfig, globalIgnores } from 'eslint/config';
import obsidianmd from 'eslint-plugin-obsidianmd';

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
    // The core must run in the CLI, in tests and in a worker: no Obsidian API there.
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts', 'src/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'obsidian', message: 'src/core, src/cli and src/worker must not import obsidian; go through a port in src/core/ports.ts.' }],
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
