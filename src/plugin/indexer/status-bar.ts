// The indexer's status bar item (desktop; mobile has no status bar, and the index status view
// shows the same there). A click opens the index status view.
import { Component, setTooltip } from 'obsidian';
import type { IndexController } from './index-controller';
import { statusText, statusTooltip } from './status-text';

export class IndexStatusBar extends Component {
  constructor(
    private readonly el: HTMLElement,
    private readonly controller: IndexController,
    private readonly onClick: () => void,
    private readonly visible: () => boolean,
  ) {
    super();
  }

  override onload(): void {
    this.el.addClass('ask-vault-status-bar', 'mod-clickable');
    this.el.setAttr('role', 'button');
    this.registerDomEvent(this.el, 'click', () => this.onClick());
    this.register(this.controller.onChange(() => this.update()));
    this.update();
  }

  update(): void {
    const state = this.controller.state;
    this.el.toggle(this.visible());
    this.el.setText(statusText(state));
    this.el.toggleClass('is-busy', state.kind === 'indexing' || state.kind === 'loading-model');
    this.el.toggleClass('mod-error', state.kind === 'failed');
    setTooltip(this.el, statusTooltip(state), { placement: 'top' });
  }

  override onunload(): void {
    this.el.empty();
  }
}
