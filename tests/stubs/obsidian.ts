// A minimal stand-in for the `obsidian` module under vitest (aliased in vitest.config.ts).
// It only holds what tests exercise, and behaves like Obsidian where a test can observe it:
// normalizePath follows Obsidian's rules, requestUrl ignores CORS and buffers the body, the
// Setting components render real DOM (under `// @vitest-environment happy-dom`) and fire
// their callbacks on input/change events. Grow it when a test needs another symbol.

import MarkdownIt from 'markdown-it';

/* ------------------------------------------------------------------ paths */

/** Obsidian's normalizePath: one '/' between parts, no leading/trailing '/', NFC, plain spaces. */
export function normalizePath(path: string): string {
  let out = path.replace(/([\\/])+/g, '/').replace(/(^\/+|\/+$)/g, '');
  if (out === '') out = '/';
  return out.replace(/\u00A0|\u202F/g, ' ').normalize('NFC');
}

/* ------------------------------------------------------------------ moment */

let momentLocale = 'en';
/** Only `locale()` is used by the plugin (Obsidian sets it to the app language). */
export const moment = Object.assign(() => {
  throw new Error('moment() is not stubbed; only moment.locale() is');
}, {
  locale(next?: string): string {
    if (next !== undefined) momentLocale = next;
    return momentLocale;
  },
});

/* ------------------------------------------------------------------ requestUrl */

export interface RequestUrlParam {
  url: string;
  method?: string;
  contentType?: string;
  body?: string | ArrayBuffer;
  headers?: Record<string, string>;
  throw?: boolean;
}

export interface RequestUrlResponse {
  status: number;
  headers: Record<string, string>;
  arrayBuffer: ArrayBuffer;
  json: unknown;
  text: string;
}

/**
 * Like Obsidian's: goes through Node's http module (no CORS, and not the page's fetch, which
 * happy-dom replaces with one that enforces CORS), buffers the whole body, lower-cases header
 * names and throws on status >= 400 unless `throw: false`. Network failures reject with the
 * Chromium-style "net::ERR_…" message Obsidian's implementation produces.
 */
export async function requestUrl(request: RequestUrlParam | string): Promise<RequestUrlResponse> {
  const req = typeof request === 'string' ? { url: request } : request;
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (req.contentType) headers['content-type'] = req.contentType;
  const body = req.body === undefined ? undefined : typeof req.body === 'string' ? Buffer.from(req.body) : Buffer.from(req.body);
  if (body) headers['content-length'] = String(body.length);
  const url = new URL(req.url);
  const transport = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const { status, outHeaders, bytes } = await new Promise<{ status: number; outHeaders: Record<string, string>; bytes: Buffer }>((resolve, reject) => {
    const call = transport.request(url, { method: req.method ?? 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, outHeaders: out, bytes: Buffer.concat(chunks) });
      });
    });
    call.on('error', (err: Error & { code?: string }) => {
      const chromium = err.code === 'ECONNREFUSED' ? 'ERR_CONNECTION_REFUSED' : err.code === 'ENOTFOUND' ? 'ERR_NAME_NOT_RESOLVED' : 'ERR_FAILED';
      reject(new Error(`net::${chromium}`));
    });
    call.end(body);
  });
  const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const text = bytes.toString('utf8');
  if (status >= 400 && req.throw !== false) {
    throw Object.assign(new Error(`Request failed, status ${status}`), { status, headers: outHeaders });
  }
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status, headers: outHeaders, arrayBuffer, text, json };
}

/* ------------------------------------------------------------------ misc helpers */

export const Platform = {
  isDesktop: true, isMobile: false, isDesktopApp: true, isMobileApp: false,
  isIosApp: false, isAndroidApp: false, isMacOS: false, isWin: false, isLinux: true, isSafari: false,
};

export interface Debouncer<T extends unknown[], V> {
  (...args: [...T]): this;
  cancel(): this;
  run(): V | void;
}

export function debounce<T extends unknown[], V>(cb: (...args: [...T]) => V, timeout = 0, resetTimer = false): Debouncer<T, V> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastArgs: T | null = null;
  const fire = (): V | void => {
    timer = null;
    if (!lastArgs) return;
    const args = lastArgs;
    lastArgs = null;
    return cb(...args);
  };
  const debounced = function (this: unknown, ...args: [...T]) {
    lastArgs = args as T;
    if (timer && resetTimer) { clearTimeout(timer); timer = null; }
    if (!timer) timer = setTimeout(fire, timeout);
    return debounced;
  } as Debouncer<T, V>;
  debounced.cancel = () => { if (timer) clearTimeout(timer); timer = null; lastArgs = null; return debounced; };
  debounced.run = () => { if (timer) clearTimeout(timer); return fire(); };
  return debounced;
}

/** Every notice shown, newest last, so tests can assert on what the user was told. */
export const shownNotices: Notice[] = [];

export class Notice {
  message: string;
  hidden = false;
  constructor(message: string | DocumentFragment, public duration?: number) {
    this.message = typeof message === 'string' ? message : message.textContent ?? '';
    shownNotices.push(this);
  }
  setMessage(message: string | DocumentFragment): this {
    this.message = typeof message === 'string' ? message : message.textContent ?? '';
    return this;
  }
  hide(): void { this.hidden = true; }
}

/* ------------------------------------------------------------------ files */

export abstract class TAbstractFile {
  vault: unknown;
  path = '';
  name = '';
  parent: TFolder | null = null;
}

export interface FileStats { ctime: number; mtime: number; size: number }

export class TFile extends TAbstractFile {
  stat: FileStats = { ctime: 0, mtime: 0, size: 0 };
  basename = '';
  extension = '';
}

export class TFolder extends TAbstractFile {
  children: TAbstractFile[] = [];
  isRoot(): boolean { return this.path === '/' || this.path === ''; }
}

/* ------------------------------------------------------------------ components */

export class Component {
  private children: Component[] = [];
  private cleanups: (() => unknown)[] = [];
  private loaded = false;
  load(): void {
    if (this.loaded) return;
    this.loaded = true;
    this.onload();
    for (const child of this.children) child.load();
  }
  onload(): void {}
  unload(): void {
    if (!this.loaded) return;
    this.loaded = false;
    for (const child of this.children.splice(0)) child.unload();
    for (const cleanup of this.cleanups.splice(0).reverse()) cleanup();
    this.onunload();
  }
  onunload(): void {}
  addChild<T extends Component>(child: T): T {
    this.children.push(child);
    if (this.loaded) child.load();
    return child;
  }
  removeChild<T extends Component>(child: T): T {
    const i = this.children.indexOf(child);
    if (i >= 0) { this.children.splice(i, 1); child.unload(); }
    return child;
  }
  register(cb: () => unknown): void { this.cleanups.push(cb); }
  registerEvent(ref: { off?: () => void }): void { this.register(() => ref.off?.()); }
  registerDomEvent(el: EventTarget, type: string, cb: (ev: Event) => unknown, options?: boolean | AddEventListenerOptions): void {
    el.addEventListener(type, cb, options);
    this.register(() => el.removeEventListener(type, cb, options));
  }
  registerInterval(id: number): number {
    this.register(() => clearInterval(id));
    return id;
  }
}

export interface PluginManifest { id: string; name: string; version: string; minAppVersion: string; description: string; author: string; dir?: string }

/** Views registered by plugins, by type (Obsidian keeps one registry for the app). */
export const viewRegistry = new Map<string, (leaf: WorkspaceLeaf) => View>();

export interface Command {
  id: string;
  name: string;
  hotkeys?: unknown[];
  callback?: () => unknown;
  checkCallback?: (checking: boolean) => boolean | void;
  editorCallback?: (editor: unknown, ctx: unknown) => unknown;
}

export class Plugin extends Component {
  settingTabs: unknown[] = [];
  commands: Command[] = [];
  hoverLinkSources: Record<string, unknown> = {};
  statusBarEl: HTMLElement = document.createElement('div');
  ribbonEl: HTMLElement = document.createElement('div');
  private data: unknown = null;
  constructor(public app: App, public manifest: PluginManifest) { super(); }
  addSettingTab(tab: unknown): void { this.settingTabs.push(tab); }
  async loadData(): Promise<unknown> { return this.data; }
  async saveData(data: unknown): Promise<void> { this.data = structuredClone(data); }
  registerView(type: string, factory: (leaf: WorkspaceLeaf) => View): void {
    viewRegistry.set(type, factory);
    this.register(() => viewRegistry.delete(type));
  }
  registerHoverLinkSource(id: string, info: unknown): void { this.hoverLinkSources[id] = info; }
  addCommand(command: Command): Command { this.commands.push(command); return command; }
  addRibbonIcon(icon: string, title: string, callback: (evt: MouseEvent) => unknown): HTMLElement {
    const el = this.ribbonEl.createDiv({ cls: 'side-dock-ribbon-action', attr: { 'aria-label': title, 'data-icon': icon } });
    el.addEventListener('click', (evt) => void callback(evt as MouseEvent));
    return el;
  }
  addStatusBarItem(): HTMLElement {
    const el = this.statusBarEl.createDiv({ cls: 'status-bar-item' });
    this.register(() => el.remove());
    return el;
  }
}

/** Only what the plugin layer reads; tests build the rest with in-memory fakes. */
export interface App {
  vault: unknown;
  workspace?: unknown;
  metadataCache?: unknown;
  [key: string]: unknown;
}

export abstract class SettingTab {
  containerEl: HTMLElement;
  constructor(public app: App) {
    this.containerEl = document.createElement('div');
    this.containerEl.addClass('vertical-tab-content');
  }
  abstract display(): void;
  hide(): void { this.containerEl.empty(); }
}

export abstract class PluginSettingTab extends SettingTab {
  constructor(app: App, public plugin: Plugin) { super(app); }
}

abstract class ValueComponent<T> {
  protected changeHandler: ((value: T) => unknown) | null = null;
  disabled = false;
  onChange(cb: (value: T) => unknown): this { this.changeHandler = cb; return this; }
  abstract getValue(): T;
  abstract setValue(value: T): this;
  setDisabled(disabled: boolean): this { this.disabled = disabled; return this; }
}

abstract class AbstractTextComponent<E extends HTMLInputElement | HTMLTextAreaElement> extends ValueComponent<string> {
  constructor(public inputEl: E) {
    super();
    inputEl.addEventListener('input', () => { void this.changeHandler?.(inputEl.value); });
  }
  getValue(): string { return this.inputEl.value; }
  setValue(value: string): this { this.inputEl.value = value; return this; }
  setPlaceholder(placeholder: string): this { this.inputEl.placeholder = placeholder; return this; }
  onChanged(): void { void this.changeHandler?.(this.inputEl.value); }
}

export class TextComponent extends AbstractTextComponent<HTMLInputElement> {
  constructor(containerEl: HTMLElement) {
    super(containerEl.createEl('input', { type: 'text' }));
  }
}

export class TextAreaComponent extends AbstractTextComponent<HTMLTextAreaElement> {
  constructor(containerEl: HTMLElement) {
    super(containerEl.createEl('textarea'));
  }
}

export class ToggleComponent extends ValueComponent<boolean> {
  toggleEl: HTMLElement;
  private on = false;
  constructor(containerEl: HTMLElement) {
    super();
    this.toggleEl = containerEl.createDiv({ cls: 'checkbox-container' });
    this.toggleEl.addEventListener('click', () => { this.setValue(!this.on); void this.changeHandler?.(this.on); });
  }
  getValue(): boolean { return this.on; }
  setValue(on: boolean): this { this.on = on; this.toggleEl.toggleClass('is-enabled', on); return this; }
}

export class DropdownComponent extends ValueComponent<string> {
  selectEl: HTMLSelectElement;
  constructor(containerEl: HTMLElement) {
    super();
    this.selectEl = containerEl.createEl('select', { cls: 'dropdown' });
    this.selectEl.addEventListener('change', () => { void this.changeHandler?.(this.selectEl.value); });
  }
  addOption(value: string, display: string): this {
    this.selectEl.createEl('option', { value, text: display });
    return this;
  }
  addOptions(options: Record<string, string>): this {
    for (const [value, display] of Object.entries(options)) this.addOption(value, display);
    return this;
  }
  getValue(): string { return this.selectEl.value; }
  setValue(value: string): this { this.selectEl.value = value; return this; }
}

export class SliderComponent extends ValueComponent<number> {
  sliderEl: HTMLInputElement;
  constructor(containerEl: HTMLElement) {
    super();
    this.sliderEl = containerEl.createEl('input', { type: 'range', cls: 'slider' });
    this.sliderEl.addEventListener('input', () => { void this.changeHandler?.(Number(this.sliderEl.value)); });
  }
  setLimits(min: number | null, max: number | null, step: number | 'any'): this {
    if (min !== null) this.sliderEl.min = String(min);
    if (max !== null) this.sliderEl.max = String(max);
    this.sliderEl.step = String(step);
    return this;
  }
  setDynamicTooltip(): this { return this; }
  getValue(): number { return Number(this.sliderEl.value); }
  setValue(value: number): this { this.sliderEl.value = String(value); return this; }
}

export class ButtonComponent {
  buttonEl: HTMLButtonElement;
  constructor(containerEl: HTMLElement) {
    this.buttonEl = containerEl.createEl('button');
  }
  setButtonText(text: string): this { this.buttonEl.setText(text); return this; }
  setCta(): this { this.buttonEl.addClass('mod-cta'); return this; }
  setWarning(): this { this.buttonEl.addClass('mod-warning'); return this; }
  setTooltip(tooltip: string): this { this.buttonEl.setAttribute('aria-label', tooltip); return this; }
  setDisabled(disabled: boolean): this { this.buttonEl.disabled = disabled; return this; }
  setIcon(icon: string): this { this.buttonEl.setAttribute('data-icon', icon); return this; }
  onClick(cb: (ev: MouseEvent) => unknown): this {
    this.buttonEl.addEventListener('click', (ev) => { void cb(ev as MouseEvent); });
    return this;
  }
}

export class ExtraButtonComponent {
  extraSettingsEl: HTMLElement;
  constructor(containerEl: HTMLElement) {
    this.extraSettingsEl = containerEl.createDiv({ cls: 'clickable-icon extra-setting-button' });
  }
  setIcon(icon: string): this { this.extraSettingsEl.setAttribute('data-icon', icon); return this; }
  setTooltip(tooltip: string): this { this.extraSettingsEl.setAttribute('aria-label', tooltip); return this; }
  setDisabled(disabled: boolean): this { this.extraSettingsEl.toggleClass('is-disabled', disabled); return this; }
  onClick(cb: () => unknown): this {
    this.extraSettingsEl.addEventListener('click', () => { void cb(); });
    return this;
  }
}

export class Setting {
  settingEl: HTMLElement;
  infoEl: HTMLElement;
  nameEl: HTMLElement;
  descEl: HTMLElement;
  controlEl: HTMLElement;
  components: unknown[] = [];

  constructor(containerEl: HTMLElement) {
    this.settingEl = containerEl.createDiv({ cls: 'setting-item' });
    this.infoEl = this.settingEl.createDiv({ cls: 'setting-item-info' });
    this.nameEl = this.infoEl.createDiv({ cls: 'setting-item-name' });
    this.descEl = this.infoEl.createDiv({ cls: 'setting-item-description' });
    this.controlEl = this.settingEl.createDiv({ cls: 'setting-item-control' });
  }
  setName(name: string | DocumentFragment): this { setContent(this.nameEl, name); return this; }
  setDesc(desc: string | DocumentFragment): this { setContent(this.descEl, desc); return this; }
  setClass(cls: string): this { this.settingEl.addClass(cls); return this; }
  setTooltip(tooltip: string): this { this.settingEl.setAttribute('aria-label', tooltip); return this; }
  setHeading(): this { this.settingEl.addClass('setting-item-heading'); return this; }
  setDisabled(disabled: boolean): this { this.settingEl.toggleClass('is-disabled', disabled); return this; }
  addText(cb: (c: TextComponent) => unknown): this { return this.add(new TextComponent(this.controlEl), cb); }
  addTextArea(cb: (c: TextAreaComponent) => unknown): this { return this.add(new TextAreaComponent(this.controlEl), cb); }
  addToggle(cb: (c: ToggleComponent) => unknown): this { return this.add(new ToggleComponent(this.controlEl), cb); }
  addDropdown(cb: (c: DropdownComponent) => unknown): this { return this.add(new DropdownComponent(this.controlEl), cb); }
  addSlider(cb: (c: SliderComponent) => unknown): this { return this.add(new SliderComponent(this.controlEl), cb); }
  addButton(cb: (c: ButtonComponent) => unknown): this { return this.add(new ButtonComponent(this.controlEl), cb); }
  addExtraButton(cb: (c: ExtraButtonComponent) => unknown): this { return this.add(new ExtraButtonComponent(this.controlEl), cb); }
  then(cb: (setting: this) => unknown): this { cb(this); return this; }
  clear(): this { this.controlEl.empty(); this.components = []; return this; }
  private add<C>(component: C, cb: (c: C) => unknown): this {
    this.components.push(component);
    cb(component);
    return this;
  }
}

function setContent(el: HTMLElement, content: string | DocumentFragment): void {
  el.empty();
  if (typeof content === 'string') el.setText(content);
  else el.appendChild(content);
}

/* ------------------------------------------------------------------ events */

export interface EventRef { owner: Events; name: string; callback: (...data: unknown[]) => unknown }

/** Obsidian's Events: named callbacks, removable by reference. */
export class Events {
  private readonly handlers = new Map<string, EventRef[]>();
  on(name: string, callback: (...data: unknown[]) => unknown, ctx?: unknown): EventRef {
    const ref: EventRef = { owner: this, name, callback: ctx ? callback.bind(ctx) : callback };
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), ref]);
    return ref;
  }
  off(name: string, callback: (...data: unknown[]) => unknown): void {
    this.handlers.set(name, (this.handlers.get(name) ?? []).filter((r) => r.callback !== callback));
  }
  offref(ref: EventRef): void {
    this.handlers.set(ref.name, (this.handlers.get(ref.name) ?? []).filter((r) => r !== ref));
  }
  trigger(name: string, ...data: unknown[]): void {
    for (const ref of this.handlers.get(name) ?? []) ref.callback(...data);
  }
  tryTrigger(ref: EventRef, args: unknown[]): void {
    try { ref.callback(...args); } catch (err) { console.error(err); }
  }
  /** Test helper: how many callbacks listen to `name`. */
  listenerCount(name: string): number {
    return this.handlers.get(name)?.length ?? 0;
  }
}

/* ------------------------------------------------------------------ icons, tooltips, keys */

export function setIcon(parent: HTMLElement, icon: string): void {
  parent.setAttribute('data-icon', icon);
}

export function setTooltip(el: HTMLElement, tooltip: string, _options?: unknown): void {
  el.setAttribute('aria-label', tooltip);
}

export class Keymap {
  static isModEvent(evt?: { ctrlKey?: boolean; metaKey?: boolean } | null): boolean {
    return Boolean(evt && (evt.ctrlKey || evt.metaKey));
  }
}

/* ------------------------------------------------------------------ workspace and views */

export interface OpenViewState { state?: Record<string, unknown>; eState?: Record<string, unknown>; active?: boolean }

export class WorkspaceLeaf {
  view: View | null = null;
  constructor(public app: App) {}
  /** Like Obsidian's: shows `view` in this leaf (loads it and runs onOpen). */
  async open(view: View): Promise<View> {
    if (this.view && this.view !== view) await this.view.close();
    this.view = view;
    view.load();
    await view.onOpen();
    return view;
  }
  async detach(): Promise<void> {
    await this.view?.close();
    this.view = null;
  }
  /** Opens a view of a type some plugin registered (see Plugin.registerView). */
  async setViewState(state: { type: string; active?: boolean }): Promise<void> {
    const factory = viewRegistry.get(state.type);
    if (!factory) throw new Error(`no view registered for ${state.type}`);
    await this.open(factory(this));
  }
}

export abstract class View extends Component {
  app: App;
  icon = '';
  navigation = false;
  containerEl: HTMLElement;
  constructor(public leaf: WorkspaceLeaf) {
    super();
    this.app = leaf.app;
    this.containerEl = document.createElement('div');
    this.containerEl.addClass('workspace-leaf-content');
    document.body.appendChild(this.containerEl);
  }
  async onOpen(): Promise<void> {}
  async onClose(): Promise<void> {}
  /** Test helper (Obsidian does this when a leaf closes): onClose, then unload. */
  async close(): Promise<void> {
    await this.onClose();
    this.unload();
    this.containerEl.remove();
  }
  abstract getViewType(): string;
  abstract getDisplayText(): string;
  getIcon(): string { return this.icon; }
  getState(): Record<string, unknown> { return {}; }
}

export abstract class ItemView extends View {
  contentEl: HTMLElement;
  constructor(leaf: WorkspaceLeaf) {
    super(leaf);
    this.containerEl.createDiv({ cls: 'view-header' });
    this.contentEl = this.containerEl.createDiv({ cls: 'view-content' });
  }
}

/** A markdown view holding an editor (tests give it one). */
export class MarkdownView extends ItemView {
  file: TFile | null = null;
  constructor(leaf: WorkspaceLeaf, public editor: unknown) { super(leaf); }
  getViewType(): string { return 'markdown'; }
  getDisplayText(): string { return this.file?.basename ?? ''; }
}

export class Modal {
  containerEl: HTMLElement;
  modalEl: HTMLElement;
  titleEl: HTMLElement;
  contentEl: HTMLElement;
  isOpen = false;
  constructor(public app: App) {
    this.containerEl = document.createElement('div');
    this.containerEl.addClass('modal-container');
    this.modalEl = this.containerEl.createDiv({ cls: 'modal' });
    this.titleEl = this.modalEl.createDiv({ cls: 'modal-title' });
    this.contentEl = this.modalEl.createDiv({ cls: 'modal-content' });
  }
  open(): void {
    document.body.appendChild(this.containerEl);
    this.isOpen = true;
    this.onOpen();
  }
  close(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.onClose();
    this.containerEl.remove();
  }
  onOpen(): void {}
  onClose(): void {}
  setTitle(title: string): this { this.titleEl.setText(title); return this; }
  setContent(content: string | DocumentFragment): this { setContent(this.contentEl, content); return this; }
}

export interface FuzzyMatch<T> { item: T; match: { score: number; matches: [number, number][] } }

export abstract class SuggestModal<T> extends Modal {
  limit = 100;
  emptyStateText = '';
  inputEl: HTMLInputElement;
  resultContainerEl: HTMLElement;
  constructor(app: App) {
    super(app);
    this.inputEl = this.modalEl.createEl('input', { type: 'text' });
    this.resultContainerEl = this.modalEl.createDiv({ cls: 'prompt-results' });
  }
  setPlaceholder(placeholder: string): void { this.inputEl.placeholder = placeholder; }
  setInstructions(_instructions: unknown[]): void {}
  abstract getSuggestions(query: string): T[] | Promise<T[]>;
  abstract renderSuggestion(value: T, el: HTMLElement): void;
  abstract onChooseSuggestion(item: T, evt: MouseEvent | KeyboardEvent): void;
}

export abstract class FuzzySuggestModal<T> extends SuggestModal<FuzzyMatch<T>> {
  getSuggestions(query: string): FuzzyMatch<T>[] {
    const q = query.toLowerCase();
    return this.getItems().filter((item) => this.getItemText(item).toLowerCase().includes(q)).map((item) => ({ item, match: { score: 0, matches: [] } }));
  }
  renderSuggestion(value: FuzzyMatch<T>, el: HTMLElement): void { el.setText(this.getItemText(value.item)); }
  onChooseSuggestion(value: FuzzyMatch<T>, evt: MouseEvent | KeyboardEvent): void { this.onChooseItem(value.item, evt); }
  abstract getItems(): T[];
  abstract getItemText(item: T): string;
  abstract onChooseItem(item: T, evt: MouseEvent | KeyboardEvent): void;
}

/* ------------------------------------------------------------------ markdown rendering */

const markdownIt = new MarkdownIt({ html: true, linkify: true });

/**
 * A stand-in for Obsidian's renderer, deliberately more permissive than the real one: raw HTML
 * passes through untouched (Obsidian sanitises it), and `[[target|alias]]` becomes an internal
 * link as in Obsidian. Whatever the plugin does not neutralise shows up in the DOM.
 */
export class MarkdownRenderer {
  static renderCount = 0;
  static async render(_app: App, markdown: string, el: HTMLElement, _sourcePath: string, _component: Component): Promise<void> {
    MarkdownRenderer.renderCount++;
    const withLinks = markdown.replace(/\[\[([^\]|]+)(?:\|([^\]]*))?\]\]/g, (_m, target: string, alias?: string) =>
      `<a data-href="${target}" href="${target}" class="internal-link">${alias ?? target}</a>`);
    const template = document.createElement('template');
    template.innerHTML = markdownIt.render(withLinks);
    el.appendChild(template.content);
  }
}

/* ------------------------------------------------------------------ DOM helpers */

// The helper signatures come from obsidian.d.ts's global declarations (DomElementInfo, createEl…).

function applyInfo(el: HTMLElement, info: DomElementInfo | string | undefined): void {
  if (info === undefined) return;
  const o: DomElementInfo = typeof info === 'string' ? { text: info } : info;
  if (o.cls) el.addClasses(Array.isArray(o.cls) ? o.cls : o.cls.split(' ').filter(Boolean));
  if (o.text !== undefined) el.setText(o.text);
  if (o.title !== undefined) el.title = o.title;
  if (o.attr) for (const [k, v] of Object.entries(o.attr)) el.setAttr(k, v);
  if (o.value !== undefined) (el as HTMLInputElement).value = o.value;
  if (o.type !== undefined) (el as HTMLInputElement).type = o.type;
  if (o.placeholder !== undefined) (el as HTMLInputElement).placeholder = o.placeholder;
  if (o.href !== undefined) (el as HTMLAnchorElement).href = o.href;
}

function createElIn<K extends keyof HTMLElementTagNameMap>(
  parent: Node, tag: K, info?: DomElementInfo | string, cb?: (el: HTMLElementTagNameMap[K]) => void,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  applyInfo(el, info);
  const target = typeof info === 'object' && info.parent ? info.parent : parent;
  if (typeof info === 'object' && info.prepend) target.insertBefore(el, target.firstChild);
  else target.appendChild(el);
  cb?.(el);
  return el;
}

function installDomHelpers(): void {
  if (typeof HTMLElement === 'undefined') return;
  const installed = Object.prototype.hasOwnProperty.call(HTMLElement.prototype, 'createEl') as boolean;
  if (installed) return;
  const nodeProto = Node.prototype;
  nodeProto.empty = function (this: Node) { while (this.firstChild) this.removeChild(this.firstChild); };
  nodeProto.detach = function (this: Node) { this.parentNode?.removeChild(this); };

  const el = Element.prototype;
  el.setText = function (this: Element, text: string | DocumentFragment) {
    if (typeof text === 'string') this.textContent = text;
    else { this.textContent = ''; this.appendChild(text); }
  };
  el.getText = function (this: Element) { return this.textContent ?? ''; };
  el.addClass = function (this: Element, ...classes: string[]) { this.classList.add(...classes); };
  el.addClasses = function (this: Element, classes: string[]) { this.classList.add(...classes); };
  el.removeClass = function (this: Element, ...classes: string[]) { this.classList.remove(...classes); };
  el.toggleClass = function (this: Element, classes: string | string[], value: boolean) {
    for (const c of Array.isArray(classes) ? classes : [classes]) this.classList.toggle(c, value);
  };
  el.hasClass = function (this: Element, cls: string) { return this.classList.contains(cls); };
  (HTMLElement.prototype as HTMLElement).setCssProps = function (this: HTMLElement, props: Record<string, string>) {
    for (const [name, value] of Object.entries(props)) this.style.setProperty(name, value);
  };
  el.setAttr = function (this: Element, name: string, value: string | number | boolean | null) {
    if (value === null || value === false) this.removeAttribute(name);
    else this.setAttribute(name, value === true ? '' : String(value));
  };
  el.getAttr = function (this: Element, name: string) { return this.getAttribute(name); };

  for (const proto of [HTMLElement.prototype, DocumentFragment.prototype] as (HTMLElement | DocumentFragment)[]) {
    proto.createEl = function <K extends keyof HTMLElementTagNameMap>(this: Node, tag: K, o?: DomElementInfo | string, cb?: (el: HTMLElementTagNameMap[K]) => void) {
      return createElIn(this, tag, o, cb);
    };
    proto.createDiv = function (this: Node, o?: DomElementInfo | string, cb?: (el: HTMLDivElement) => void) {
      return createElIn(this, 'div', o, cb);
    };
    proto.createSpan = function (this: Node, o?: DomElementInfo | string, cb?: (el: HTMLSpanElement) => void) {
      return createElIn(this, 'span', o, cb);
    };
  }
  const html = HTMLElement.prototype;
  html.show = function (this: HTMLElement) { this.removeClass('is-hidden'); };
  html.hide = function (this: HTMLElement) { this.addClass('is-hidden'); };
  html.toggle = function (this: HTMLElement, show: boolean) { this.toggleClass('is-hidden', !show); };

  // Obsidian's global element factories (detached elements of the active document).
  const scope = globalThis as unknown as Record<string, unknown>;
  const detached = document.createDocumentFragment();
  scope.createEl = (tag: keyof HTMLElementTagNameMap, o?: DomElementInfo | string, cb?: (el: HTMLElement) => void) => {
    const made = createElIn(detached, tag, o, cb as never);
    made.remove();
    return made;
  };
  scope.createDiv = (o?: DomElementInfo | string, cb?: (el: HTMLDivElement) => void) => (scope.createEl as (t: string, o?: unknown, c?: unknown) => HTMLElement)('div', o, cb);
  scope.createSpan = (o?: DomElementInfo | string, cb?: (el: HTMLSpanElement) => void) => (scope.createEl as (t: string, o?: unknown, c?: unknown) => HTMLElement)('span', o, cb);
  scope.createFragment = (cb?: (el: DocumentFragment) => void) => {
    const fragment = document.createDocumentFragment();
    cb?.(fragment);
    return fragment;
  };
}

installDomHelpers();

// providers branch: the version gate of APIs newer than minAppVersion (SecretStorage, 1.11.4).
export const apiVersion = '1.13.0';
export function requireApiVersion(version: string): boolean {
  const [a, b] = [version, apiVersion].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return true;
}
