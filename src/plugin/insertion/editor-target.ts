// The note an answer is inserted into from the panel. The panel has the focus when its button is
// clicked, so the active view is the panel itself: the target is the most recent note editor.
import { MarkdownView, type App } from 'obsidian';

export function recentMarkdownView(app: App): MarkdownView | null {
  const active = app.workspace.getActiveViewOfType(MarkdownView);
  if (active) return active;
  const recent = app.workspace.getMostRecentLeaf()?.view;
  return recent instanceof MarkdownView ? recent : null;
}
