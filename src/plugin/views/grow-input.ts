// The question field grows with what is typed, up to a cap, then scrolls: a long question stays
// readable on a phone or in a narrow pane without a resize handle to drag.

/** Share of the window's height the field may take before it scrolls. */
const MAX_SHARE = 0.4;
const HEIGHT = '--ask-vault-input-height';

export function fitToContent(textarea: HTMLTextAreaElement): void {
  textarea.setCssProps({ [HEIGHT]: 'auto' });
  const max = Math.max(80, Math.round(window.innerHeight * MAX_SHARE));
  const borders = Math.max(0, textarea.offsetHeight - textarea.clientHeight);
  textarea.setCssProps({ [HEIGHT]: `${Math.min(textarea.scrollHeight + borders, max)}px` });
}
