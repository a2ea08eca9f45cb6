// The workspace of the browser end-to-end test: a root pane where opened notes are shown, a right
// sidebar whose leaves hold plugin views (one visible at a time, as sidebar tabs), a ribbon and a
// status bar, and `onLayoutReady`, which waits for the test to say the layout is ready.
import { Events, MarkdownRenderer, WorkspaceLeaf, Component, type ShimApp } from '../obsidian-shim';
import type { MemoryVault } from './memory-vault';

export interface OpenedLink {
  linktext: string;
  sourcePath: string;
  newLeaf: unknown;
  state?: unknown;
}

export interface WorkspaceElements {
  ribbonEl: HTMLElement;
  rootEl: HTMLElement;
  rightSplitEl: HTMLElement;
  statusBarEl: HTMLElement;
}

export class ShimWorkspace extends Events {
  layoutReady = false;
  readonly opened: OpenedLink[] = [];
  readonly hovers: { linktext: string; source: string }[] = [];
  readonly ribbonEl: HTMLElement;
  readonly statusBarEl: HTMLElement;
  private readonly rootEl: HTMLElement;
  private readonly rightSplitEl: HTMLElement;
  private readonly leaves: WorkspaceLeaf[] = [];
  private readyCallbacks: (() => unknown)[] = [];
  private noteComponent: Component | null = null;
  private app!: ShimAppWithVault;

  constructor(elements: WorkspaceElements) {
    super();
    this.ribbonEl = elements.ribbonEl;
    this.rootEl = elements.rootEl;
    this.rightSplitEl = elements.rightSplitEl;
    this.statusBarEl = elements.statusBarEl;
  }

  attach(app: ShimAppWithVault): void {
    this.app = app;
  }

  /** Obsidian calls back at once when the layout is already ready. */
  onLayoutReady(callback: () => unknown): void {
    if (this.layoutReady) callback();
    else this.readyCallbacks.push(callback);
  }

  /** What Obsidian does once it has restored the layout after start-up. */
  finishLayout(): void {
    this.layoutReady = true;
    for (const callback of this.readyCallbacks.splice(0)) callback();
    this.trigger('layout-change');
  }

  getRightLeaf(_split: boolean): WorkspaceLeaf {
    const leaf = new WorkspaceLeaf(this.app, this.rightSplitEl);
    this.leaves.push(leaf);
    return leaf;
  }

  getLeavesOfType(type: string): WorkspaceLeaf[] {
    return this.leaves.filter((leaf) => leaf.view?.getViewType() === type);
  }

  /** Shows `leaf` as the sidebar's visible tab. */
  async revealLeaf(leaf: WorkspaceLeaf): Promise<void> {
    for (const other of this.leaves) other.containerEl.toggleClass('is-hidden', other !== leaf);
  }

  getActiveViewOfType(_type: unknown): null {
    return null;
  }

  getMostRecentLeaf(): null {
    return null;
  }

  getActiveFile(): null {
    return null;
  }

  override trigger(name: string, ...data: unknown[]): void {
    if (name === 'hover-link') {
      const info = data[0] as { linktext: string; source: string };
      this.hovers.push({ linktext: info.linktext, source: info.source });
    }
    super.trigger(name, ...data);
  }

  /** As Obsidian's: a leaf whose openFile shows the note in the root pane (recorded as its link text). */
  getLeaf(newLeaf?: unknown): { openFile(file: { path: string }, state?: { eState?: { subpath?: string } }): Promise<void> } {
    return {
      openFile: async (file, state) => {
        const linktext = `${file.path.replace(/\.md$/, '')}${state?.eState?.subpath ?? ''}`;
        await this.openLinkText(linktext, '', newLeaf ?? false, state);
      },
    };
  }

  /** Opens the note `linktext` names in the root pane (and records the call). */
  async openLinkText(linktext: string, sourcePath: string, newLeaf?: unknown, state?: unknown): Promise<void> {
    this.opened.push({ linktext, sourcePath, newLeaf, ...(state ? { state } : {}) });
    const file = this.app.metadataCache.getFirstLinkpathDest(linktext, sourcePath);
    if (!file) return;
    this.noteComponent?.unload();
    const component = new Component();
    component.load();
    this.noteComponent = component;
    const pane = this.rootEl as HTMLElement & { empty(): void; createDiv(o?: unknown): HTMLElement };
    pane.empty();
    const title = pane.createDiv({ cls: 'view-header-title', text: file.basename });
    title.setAttribute('data-path', file.path);
    const body = pane.createDiv({ cls: ['markdown-preview-view', 'markdown-rendered'] });
    await MarkdownRenderer.render(this.app, await this.app.vault.cachedRead(file), body, file.path, component);
  }
}

export type ShimAppWithVault = ShimApp & {
  vault: MemoryVault;
  metadataCache: MemoryVault['metadataCache'];
  workspace: ShimWorkspace;
};

export function createApp(vault: MemoryVault, workspace: ShimWorkspace): ShimAppWithVault {
  const app: ShimAppWithVault = { vault, metadataCache: vault.metadataCache, workspace };
  workspace.attach(app);
  return app;
}
