// The test page's script (bundled for the browser by plugin-browser.test.ts). It builds an
// Obsidian-like app around the in-memory vault, loads the real main.js as Obsidian does (CommonJS,
// with require('obsidian') answered by the shim), and exposes what the test drives as
// `window.__e2e`.
import * as obsidian from '../obsidian-shim';
import { MemoryVault, type VaultFile } from './memory-vault';
import { createApp, ShimWorkspace, type ShimAppWithVault } from './workspace';
import { installDataviewStandIn, standInCounts } from './dataview-stand-in';
import { MemorySecretStorage } from './secret-storage';

type ModuleFactory = (module: { exports: Record<string, unknown> }, exports: Record<string, unknown>, require: (id: string) => unknown) => void;

interface LoadedPlugin {
  load(): unknown;
  unload(): void;
  commands: obsidian.Command[];
  settingTabs: obsidian.PluginSettingTab[];
  indexer: { state: { kind: string } } | null;
  engine(): Promise<{ status(): Record<string, unknown> }>;
  embeddingDevice(): string | null;
}

export interface BootOptions {
  manifest: obsidian.PluginManifest;
  /** The plugin's data.json. */
  data: unknown;
  /** providers branch: the Obsidian version the page plays (default the shim's), and whether it has secret storage. */
  apiVersion?: string;
  secretStorage?: boolean;
  /** Obsidian's language (moment's locale); French unless given. */
  locale?: string;
  /** Overrides of Platform (a phone: isMobile, isPhone). */
  platform?: Partial<typeof obsidian.Platform>;
  /**
   * Load main.js as Obsidian does: read as text and compiled on the main thread by eval, rather
   * than by a script tag (which Chromium may compile off the main thread).
   */
  evalLikeObsidian?: boolean;
}

/** Obsidian's way: the file's text, wrapped in a function and compiled by a global eval. */
async function evalMainJs(url: string): Promise<Record<string, unknown>> {
  const wrapped = await (await fetch(url)).text();
  // The server wraps main.js in `__askVaultDefine(function (module, exports, require) {…})`.
  const source = wrapped.slice(wrapped.indexOf('{') + 1, wrapped.lastIndexOf('}'));
  const factory = (0, eval)(`(function anonymous(module, exports, require) {${source}\n})`) as ModuleFactory;
  const module = { exports: {} as Record<string, unknown> };
  factory.call(module.exports, module, module.exports, requireForPlugin);
  return module.exports;
}

const requests: string[] = [];

/** Obsidian hands plugins `obsidian` (and a few editor modules this plugin leaves alone). */
function requireForPlugin(id: string): unknown {
  requests.push(id);
  if (id === 'obsidian') return obsidian;
  throw new Error(`main.js required "${id}", which is not available to plugins here`);
}

/** Runs main.js, wrapped by the server in `__askVaultDefine(function (module, exports, require) {…})`. */
function loadMainJs(url: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const define = (factory: ModuleFactory) => {
      const module = { exports: {} as Record<string, unknown> };
      try {
        factory.call(module.exports, module, module.exports, requireForPlugin);
        resolve(module.exports);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    };
    Object.assign(window, { __askVaultDefine: define });
    const script = document.createElement('script');
    script.src = url;
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.appendChild(script);
  });
}

let app: ShimAppWithVault | null = null;
let plugin: LoadedPlugin | null = null;
let secretStorage: MemorySecretStorage | null = null;

const api = {
  /** Loads the vault, writes data.json, runs main.js and loads the plugin (its onload). */
  async boot(options: BootOptions): Promise<{ files: number; markdown: number; required: string[]; loadMs: number; startedAt: number }> {
    if (options.locale) obsidian.moment.locale(options.locale);
    if (options.platform) Object.assign(obsidian.Platform, options.platform);
    const files = (await (await fetch('/vault.json')).json()) as VaultFile[];
    const vault = new MemoryVault('Exemple');
    vault.seed(files);
    const dir = options.manifest.dir ?? `${vault.configDir}/plugins/${options.manifest.id}`;
    await vault.adapter.mkdir(dir);
    await vault.adapter.write(`${dir}/data.json`, JSON.stringify(options.data));
    // The plugin's folder holds its main.js, as in Obsidian (the embedding worker reads its WASM from it).
    await vault.adapter.writeBinary(`${dir}/main.js`, await (await fetch('/main.js')).arrayBuffer());

    const workspace = new ShimWorkspace({
      ribbonEl: document.querySelector<HTMLElement>('.side-dock-ribbon')!,
      rootEl: document.querySelector<HTMLElement>('.shim-root-pane')!,
      rightSplitEl: document.querySelector<HTMLElement>('.mod-right-split')!,
      statusBarEl: document.querySelector<HTMLElement>('.status-bar')!,
    });
    app = createApp(vault, workspace);
    if (options.apiVersion) Object.assign(window, { __shimApiVersion: options.apiVersion });
    if (options.secretStorage) Object.assign(app, { secretStorage: (secretStorage = new MemorySecretStorage()) });

    const started = performance.now();
    const exports = options.evalLikeObsidian ? await evalMainJs('/main.js') : await loadMainJs('/main.js');
    const PluginClass = exports.default as new (app: unknown, manifest: obsidian.PluginManifest) => LoadedPlugin;
    plugin = new PluginClass(app, { ...options.manifest, dir });
    await plugin.load();
    return { files: files.length, markdown: vault.getMarkdownFiles().length, required: [...new Set(requests)], loadMs: performance.now() - started, startedAt: started };
  },

  /** Obsidian's layout is ready: the plugin starts indexing. Returns the moment, on the page's clock. */
  layoutReady(): number {
    const at = performance.now();
    app!.workspace.finishLayout();
    return at;
  },

  statusText(): string {
    return document.querySelector('.status-bar .plugin-ask-vault')?.textContent ?? '';
  },

  indexerState(): string {
    return plugin?.indexer?.state.kind ?? 'none';
  },

  async engineStatus(): Promise<Record<string, unknown>> {
    return (await plugin!.engine()).status();
  },

  embeddingDevice(): string | null {
    return plugin?.embeddingDevice() ?? null;
  },

  /** Runs a command as the palette would (`id` without the plugin's prefix). */
  async runCommand(id: string): Promise<void> {
    const command = plugin!.commands.find((c) => c.id === id);
    if (!command) throw new Error(`no command ${id}`);
    await (command.callback?.() ?? command.checkCallback?.(false));
  },

  commandIds(): string[] {
    return plugin!.commands.map((c) => c.id);
  },

  /** Renders the settings tab into the page (it is not otherwise shown). */
  settingsText(): string {
    const tab = plugin!.settingTabs[0]!;
    tab.display();
    return tab.containerEl.textContent ?? '';
  },

  /**
   * The control for the hostile-answer check: `markdown` straight through the shim's renderer into
   * the page, with none of the plugin's defences. Returns the internal links it made.
   */
  async renderUnprotected(markdown: string): Promise<string[]> {
    const target = document.createElement('div');
    target.className = 'shim-unprotected is-hidden';
    document.body.appendChild(target);
    await obsidian.MarkdownRenderer.render(app, markdown, target, '', new obsidian.Component());
    return Array.from(target.querySelectorAll('a.internal-link'), (a) => a.getAttribute('data-href') ?? '');
  },

  /** Another plugin that runs code in markdown, as Dataview does (see dataview-stand-in.ts). */
  installDataviewStandIn: () => installDataviewStandIn(app!),
  standInCounts,

  opened: () => app!.workspace.opened,
  hovers: () => app!.workspace.hovers,
  notices: () => [...obsidian.shownNotices],
  vaultPaths: () => app!.vault.adapter.allFiles(),
  readVaultFile: (path: string) => app!.vault.adapter.read(path),

  unload(): void {
    plugin?.unload();
  },

  /** providers branch: what the app's secret storage holds, and the settings tab in the page. */
  secrets: (): Record<string, string> => Object.fromEntries(secretStorage?.values ?? []),
  settingsEl(): HTMLElement {
    const tab = plugin!.settingTabs[0]!;
    tab.display();
    if (!tab.containerEl.isConnected) document.body.appendChild(tab.containerEl);
    return tab.containerEl;
  },
};

export type E2eApi = typeof api;

Object.assign(window, { __e2e: api });
