// Typed access to what only the obsidian test stub offers (TypeScript checks tests against the
// real obsidian.d.ts, where these constructors and helpers differ or do not exist).
import { MarkdownView, WorkspaceLeaf, type App, type Events, type View } from 'obsidian';

export function leafFor(app: unknown): WorkspaceLeaf {
  return new (WorkspaceLeaf as unknown as new (app: unknown) => WorkspaceLeaf)(app);
}

export function markdownViewWith(app: unknown, editor: unknown, path = 'Notes/Ici.md'): MarkdownView {
  const view = new (MarkdownView as unknown as new (leaf: WorkspaceLeaf, editor: unknown) => MarkdownView)(leafFor(app), editor);
  (view as unknown as { file: unknown }).file = { path };
  return view;
}

/** Opens `view` in its leaf as Obsidian does (load, then onOpen). */
export async function openView<V extends View>(view: V): Promise<V> {
  await (view.leaf as unknown as { open(view: View): Promise<View> }).open(view);
  return view;
}

/** Closes `view` as Obsidian does when its leaf closes (onClose, then unload). */
export async function closeView(view: View): Promise<void> {
  await (view as unknown as { close(): Promise<void> }).close();
}

export function listenerCount(events: Events, name: string): number {
  return (events as unknown as { listenerCount(name: string): number }).listenerCount(name);
}

export type { App };
