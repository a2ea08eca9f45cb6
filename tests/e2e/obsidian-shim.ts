// The `obsidian` module as main.js sees it in the browser end-to-end test (plugin-browser.test.ts):
// the page hands this namespace to main.js's require('obsidian'). It holds what the plugin touches,
// and behaves like Obsidian where the plugin can observe it: views live in workspace leaves in the
// DOM, Component trees load and unload their children, the DOM helpers Obsidian adds to elements
// exist, and MarkdownRenderer turns [[target|alias]] into `a.internal-link[data-href]`.
//
// One thing is deliberately more dangerous than Obsidian: the renderer passes raw HTML through
// unsanitised, images load as soon as they are parsed and <script> elements run once attached. So
// anything the plugin lets through its own sanitiser shows up, and runs, in the page.
import MarkdownIt, { type StateInline } from 'markdown-it';

/* ------------------------------------------------------------------ DOM helpers */

// Obsidian extends the DOM prototypes (createEl, setText, toggleClass…). main.js calls them, so
// they must exist before it runs: they are installed when this module loads.
interface ElementInfo {
  cls?: string | string[];
  text?: string | DocumentFragment;
  attr?: Record<string, string | number | boolean | null>;
  title?: string;
  parent?: Node;
  value?: string;
  type?: string;
  prepend?: boolean;
  placeholder?: string;
  href?: string;
}
type Info = ElementInfo | string | undefined;
type Callback<T> = ((el: T) => void) | undefined;

function setAttr(el: Element, name: string, value: string | number | boolean | null): void {
  if (value === null || value === false) el.removeAttribute(name);
  else el.setAttribute(name, value === true ? '' : String(value));
}

function setTextOf(el: Node, text: string | DocumentFragment): void {
  if (typeof text === 'string') el.textContent = text;
  else {
    el.textContent = '';
    el.appendChild(text);
  }
}

function createIn<T extends HTMLElement>(parent: Node | null, tag: string, info: Info, cb: Callback<T>): T {
  const el = document.createElement(tag) as T;
  const o: ElementInfo = typeof info === 'string' ? { text: info } : info ?? {};
  if (o.cls) el.classList.add(...(Array.isArray(o.cls) ? o.cls : o.cls.split(' ')).filter(Boolean));
  if (o.text !== undefined) setTextOf(el, o.text);
  if (o.title !== undefined) el.title = o.title;
  if (o.attr) for (const [k, v] of Object.entries(o.attr)) setAttr(el, k, v);
  if (o.value !== undefined) (el as unknown as HTMLInputElement).value = o.value;
  if (o.type !== undefined) (el as unknown as HTMLInputElement).type = o.type;
  if (o.placeholder !== undefined) (el as unknown as HTMLInputElement).placeholder = o.placeholder;
  if (o.href !== undefined) (el as unknown as HTMLAnchorElement).href = o.href;
  const target = o.parent ?? parent;
  if (target) {
    if (o.prepend) target.insertBefore(el, target.firstChild);
    else target.appendChild(el);
  }
  cb?.(el);
  return el;
}

function installDomHelpers(): void {
  const define = (proto: object, name: string, value: unknown) =>
    Object.defineProperty(proto, name, { value, configurable: true, writable: true });
  define(Node.prototype, 'empty', function (this: Node) {
    while (this.firstChild) this.removeChild(this.firstChild);
  });
  define(Node.prototype, 'detach', function (this: Node) {
    this.parentNode?.removeChild(this);
  });
  for (const [name, tag] of [['createEl', null], ['createDiv', 'div'], ['createSpan', 'span']] as const) {
    const make = function (this: Node, ...args: unknown[]) {
      const [t, info, cb] = tag ? [tag, args[0], args[1]] : [args[0], args[1], args[2]];
      return createIn(this, t as string, info as Info, cb as Callback<HTMLElement>);
    };
    define(Node.prototype, name, make);
    define(window, name, (...args: unknown[]) => make.call(null as unknown as Node, ...args));
  }
  define(window, 'createFragment', (cb?: (f: DocumentFragment) => void) => {
    const fragment = document.createDocumentFragment();
    cb?.(fragment);
    return fragment;
  });
  const el = Element.prototype;
  define(el, 'setText', function (this: Element, text: string | DocumentFragment) {
    setTextOf(this, text);
  });
  define(el, 'getText', function (this: Element) {
    return this.textContent ?? '';
  });
  define(el, 'addClass', function (this: Element, ...classes: string[]) {
    this.classList.add(...classes);
  });
  define(el, 'addClasses', function (this: Element, classes: string[]) {
    this.classList.add(...classes);
  });
  define(el, 'removeClass', function (this: Element, ...classes: string[]) {
    this.classList.remove(...classes);
  });
  define(el, 'removeClasses', function (this: Element, classes: string[]) {
    this.classList.remove(...classes);
  });
  define(el, 'toggleClass', function (this: Element, classes: string | string[], value: boolean) {
    for (const c of Array.isArray(classes) ? classes : [classes]) this.classList.toggle(c, value);
  });
  define(el, 'hasClass', function (this: Element, cls: string) {
    return this.classList.contains(cls);
  });
  define(el, 'setCssProps', function (this: HTMLElement, props: Record<string, string>) {
    for (const [name, value] of Object.entries(props)) this.style.setProperty(name, value);
  });
  define(el, 'setAttr', function (this: Element, name: string, value: string | number | boolean | null) {
    setAttr(this, name, value);
  });
  define(el, 'setAttrs', function (this: Element, attrs: Record<string, string | number | boolean | null>) {
    for (const [k, v] of Object.entries(attrs)) setAttr(this, k, v);
  });
  define(el, 'getAttr', function (this: Element, name: string) {
    return this.getAttribute(name);
  });
  // Obsidian shows and hides with an inline display style.
  const html = HTMLElement.prototype;
  define(html, 'show', function (this: HTMLElement) {
    this.style.display = '';
  });
  define(html, 'hide', function (this: HTMLElement) {
    this.style.display = 'none';
  });
  define(html, 'toggle', function (this: HTMLElement, show: boolean) {
    this.style.display = show ? '' : 'none';
  });
  define(html, 'isShown', function (this: HTMLElement) {
    return this.style.display !== 'none' && this.isConnected;
  });
  define(window, 'activeWindow', window);
  define(window, 'activeDocument', document);
}

installDomHelpers();

/** Typed access to the helpers above from this file. */
interface ObsidianElement extends HTMLElement {
  createDiv(info?: Info, cb?: Callback<HTMLDivElement>): HTMLDivElement;
  createEl<K extends keyof HTMLElementTagNameMap>(tag: K, info?: Info, cb?: Callback<HTMLElementTagNameMap[K]>): HTMLElementTagNameMap[K];
  empty(): void;
  setText(text: string | DocumentFragment): void;
}
const el = (node: HTMLElement) => node as ObsidianElement;
const div = (info?: Info) => createIn<HTMLDivElement>(null, 'div', info, undefined) as unknown as ObsidianElement;

/* ------------------------------------------------------------------ paths, locale, misc */

/** Obsidian's normalizePath: one '/' between parts, no leading/trailing '/', NFC, plain spaces. */
export function normalizePath(path: string): string {
  let out = path.replace(/([\\/])+/g, '/').replace(/(^\/+|\/+$)/g, '');
  if (out === '') out = '/';
  return out.replace(/\u00A0|\u202F/g, ' ').normalize('NFC');
}

let locale = 'fr';
/** Only moment.locale() is used by plugins that follow the app's language; Obsidian sets it. */
export const moment = Object.assign(
  () => {
    throw new Error('obsidian shim: only moment.locale() exists');
  },
  {
    locale(next?: string): string {
      if (next) locale = next;
      return locale;
    },
  },
);

export const apiVersion = '1.8.7';

export const Platform = {
  isDesktop: true, isMobile: false, isDesktopApp: true, isMobileApp: false, isPhone: false, isTablet: false,
  isIosApp: false, isAndroidApp: false, isMacOS: false, isWin: false, isLinux: true, isSafari: false,
};

export class Keymap {
  static isModEvent(evt?: { ctrlKey?: boolean; metaKey?: boolean } | null): boolean {
    return Boolean(evt && (evt.ctrlKey || evt.metaKey));
  }
}

export function debounce<A extends unknown[]>(cb: (...args: A) => unknown, timeout = 0, resetTimer = false) {
  let timer: number | null = null;
  let last: A | null = null;
  const fire = () => {
    timer = null;
    const args = last;
    last = null;
    return args ? cb(...args) : undefined;
  };
  const debounced = (...args: A) => {
    last = args;
    if (timer !== null && resetTimer) {
      window.clearTimeout(timer);
      timer = null;
    }
    timer ??= window.setTimeout(fire, timeout);
    return debounced;
  };
  debounced.cancel = () => {
    if (timer !== null) window.clearTimeout(timer);
    timer = null;
    last = null;
    return debounced;
  };
  debounced.run = () => {
    if (timer !== null) window.clearTimeout(timer);
    return fire();
  };
  return debounced;
}

/* ------------------------------------------------------------------ icons and tooltips */

// Glyphs instead of Lucide's SVGs, enough for a readable screenshot.
const GLYPHS: Record<string, string> = {
  'message-square': '✉', 'square-pen': '✎', history: '⟲', copy: '⧉', 'file-input': '⤓',
  'rotate-ccw': '↻', 'panel-right': '▥', search: '⌕', 'pause-circle': '⏸', 'play-circle': '▶',
};

export function addIcon(_id: string, _svg: string): void {}

export function setIcon(parent: HTMLElement, icon: string): void {
  parent.querySelector(':scope > .shim-icon')?.remove();
  parent.setAttribute('data-icon', icon);
  const glyph = document.createElement('span');
  glyph.className = 'shim-icon svg-icon';
  glyph.textContent = GLYPHS[icon] ?? '•';
  parent.prepend(glyph);
}

export function setTooltip(target: HTMLElement, tooltip: string, _options?: unknown): void {
  target.setAttribute('aria-label', tooltip);
}

/* ------------------------------------------------------------------ network */

export interface RequestUrlParam {
  url: string;
  method?: string;
  contentType?: string;
  body?: string | ArrayBuffer;
  headers?: Record<string, string>;
  throw?: boolean;
}

/** Obsidian's requestUrl over the page's fetch: buffers the body, throws on >= 400 unless throw: false. */
export async function requestUrl(request: RequestUrlParam | string) {
  const req = typeof request === 'string' ? { url: request } : request;
  const headers: Record<string, string> = { ...(req.headers ?? {}) };
  if (req.contentType) headers['content-type'] = req.contentType;
  const res = await window.fetch(req.url, { method: req.method ?? 'GET', headers, body: req.body });
  const arrayBuffer = await res.arrayBuffer();
  const text = new TextDecoder().decode(arrayBuffer);
  const outHeaders: Record<string, string> = {};
  res.headers.forEach((value, key) => (outHeaders[key.toLowerCase()] = value));
  if (res.status >= 400 && req.throw !== false) {
    throw Object.assign(new Error(`Request failed, status ${res.status}`), { status: res.status, headers: outHeaders });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: outHeaders, arrayBuffer, text, json };
}

/* ------------------------------------------------------------------ events and components */

export interface EventRef {
  owner: Events;
  name: string;
  callback: (...data: unknown[]) => unknown;
}

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
    for (const ref of this.handlers.get(name) ?? []) this.tryTrigger(ref, data);
  }
  tryTrigger(ref: EventRef, args: unknown[]): void {
    try {
      ref.callback(...args);
    } catch (err) {
      console.error(err);
    }
  }
  listenerCount(name: string): number {
    return this.handlers.get(name)?.length ?? 0;
  }
}

export class Component {
  _loaded = false;
  private children: Component[] = [];
  private cleanups: (() => unknown)[] = [];
  /** Like Obsidian's; returns what onload returned, so a caller can wait for an async onload. */
  load(): unknown {
    if (this._loaded) return undefined;
    this._loaded = true;
    const result = this.onload();
    for (const child of this.children) child.load();
    return result;
  }
  onload(): unknown {
    return undefined;
  }
  unload(): void {
    if (!this._loaded) return;
    this._loaded = false;
    for (const child of this.children.splice(0)) child.unload();
    for (const cleanup of this.cleanups.splice(0).reverse()) cleanup();
    this.onunload();
  }
  onunload(): void {}
  addChild<T extends Component>(child: T): T {
    this.children.push(child);
    if (this._loaded) child.load();
    return child;
  }
  removeChild<T extends Component>(child: T): T {
    const i = this.children.indexOf(child);
    if (i >= 0) {
      this.children.splice(i, 1);
      child.unload();
    }
    return child;
  }
  register(cb: () => unknown): void {
    this.cleanups.push(cb);
  }
  registerEvent(ref: EventRef): void {
    this.register(() => ref.owner.offref(ref));
  }
  registerDomEvent(target: EventTarget, type: string, cb: (ev: Event) => unknown, options?: boolean | AddEventListenerOptions): void {
    target.addEventListener(type, cb, options);
    this.register(() => target.removeEventListener(type, cb, options));
  }
  registerInterval(id: number): number {
    this.register(() => window.clearInterval(id));
    return id;
  }
}

/* ------------------------------------------------------------------ notices and menus */

/** Every notice shown, for the test to read back. */
export const shownNotices: string[] = [];

export class Notice {
  noticeEl: HTMLElement;
  private timer: number | null = null;
  constructor(message: string | DocumentFragment, duration?: number) {
    let container = document.querySelector('.notice-container');
    if (!container) {
      container = div({ cls: 'notice-container' });
      document.body.appendChild(container);
    }
    this.noticeEl = el(container as HTMLElement).createDiv({ cls: 'notice' });
    this.setMessage(message);
    if (duration !== 0) this.timer = window.setTimeout(() => this.hide(), duration ?? 5000);
  }
  setMessage(message: string | DocumentFragment): this {
    setTextOf(this.noticeEl, message);
    shownNotices.push(this.noticeEl.textContent ?? '');
    return this;
  }
  hide(): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.noticeEl.remove();
  }
}

export class MenuItem {
  title = '';
  callback: (() => unknown) | null = null;
  setTitle(title: string): this {
    this.title = title;
    return this;
  }
  setIcon(_icon: string | null): this {
    return this;
  }
  setSection(_section: string): this {
    return this;
  }
  setChecked(_checked: boolean | null): this {
    return this;
  }
  setDisabled(_disabled: boolean): this {
    return this;
  }
  onClick(cb: () => unknown): this {
    this.callback = cb;
    return this;
  }
}

export class Menu extends Component {
  readonly items: MenuItem[] = [];
  addItem(cb: (item: MenuItem) => unknown): this {
    const item = new MenuItem();
    cb(item);
    this.items.push(item);
    return this;
  }
  addSeparator(): this {
    return this;
  }
  showAtMouseEvent(_evt: MouseEvent): this {
    return this;
  }
  showAtPosition(_position: { x: number; y: number }): this {
    return this;
  }
  hide(): this {
    return this;
  }
}

/* ------------------------------------------------------------------ files */

export abstract class TAbstractFile {
  vault: unknown = null;
  path = '';
  name = '';
  parent: TFolder | null = null;
}

export class TFile extends TAbstractFile {
  stat = { ctime: 0, mtime: 0, size: 0 };
  basename = '';
  extension = '';
}

export class TFolder extends TAbstractFile {
  children: TAbstractFile[] = [];
  isRoot(): boolean {
    return this.path === '/';
  }
}

/* ------------------------------------------------------------------ plugins, leaves and views */

export interface PluginManifest {
  id: string;
  name: string;
  version: string;
  minAppVersion: string;
  description: string;
  author: string;
  dir?: string;
}

/** What the shim needs of the app; the page builds the rest (page/app.ts). */
export interface ShimApp {
  vault: { adapter: { exists(path: string): Promise<boolean>; read(path: string): Promise<string>; write(path: string, data: string): Promise<void> } };
  workspace: { readonly statusBarEl: HTMLElement; readonly ribbonEl: HTMLElement };
  [key: string]: unknown;
}

/** View types registered by plugins (Obsidian keeps one registry for the app). */
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
  readonly commands: Command[] = [];
  readonly settingTabs: PluginSettingTab[] = [];
  readonly hoverLinkSources: Record<string, unknown> = {};
  constructor(public app: ShimApp, public manifest: PluginManifest) {
    super();
  }
  /** Like Obsidian: data.json in the plugin's folder, through the vault adapter. */
  private get dataPath(): string {
    return normalizePath(`${this.manifest.dir ?? ''}/data.json`);
  }
  async loadData(): Promise<unknown> {
    const { adapter } = this.app.vault;
    return (await adapter.exists(this.dataPath)) ? (JSON.parse(await adapter.read(this.dataPath)) as unknown) : null;
  }
  async saveData(data: unknown): Promise<void> {
    await this.app.vault.adapter.write(this.dataPath, JSON.stringify(data, null, 2));
  }
  addCommand(command: Command): Command {
    this.commands.push(command);
    return command;
  }
  addSettingTab(tab: PluginSettingTab): void {
    this.settingTabs.push(tab);
  }
  registerView(type: string, factory: (leaf: WorkspaceLeaf) => View): void {
    viewRegistry.set(type, factory);
    this.register(() => viewRegistry.delete(type));
  }
  registerHoverLinkSource(id: string, info: unknown): void {
    this.hoverLinkSources[id] = info;
  }
  registerMarkdownPostProcessor(processor: MarkdownPostProcessor): void {
    markdownProcessors.post.push(processor);
    this.register(() => markdownProcessors.post.splice(markdownProcessors.post.indexOf(processor), 1));
  }
  /** As Obsidian: a fenced block of `language` is handed to `handler` instead of being shown as code. */
  registerMarkdownCodeBlockProcessor(language: string, handler: MarkdownCodeBlockProcessor): void {
    markdownProcessors.codeBlocks.set(language, handler);
    this.register(() => markdownProcessors.codeBlocks.delete(language));
  }
  registerExtensions(_extensions: string[], _viewType: string): void {}
  addRibbonIcon(icon: string, title: string, callback: (evt: MouseEvent) => unknown): HTMLElement {
    const button = el(this.app.workspace.ribbonEl).createDiv({ cls: ['side-dock-ribbon-action', 'clickable-icon'], attr: { 'aria-label': title } });
    setIcon(button, icon);
    this.registerDomEvent(button, 'click', (evt) => callback(evt as MouseEvent));
    this.register(() => button.remove());
    return button;
  }
  addStatusBarItem(): HTMLElement {
    const item = el(this.app.workspace.statusBarEl).createDiv({ cls: ['status-bar-item', `plugin-${this.manifest.id}`] });
    this.register(() => item.remove());
    return item;
  }
}

export class WorkspaceLeaf extends Events {
  view: View | null = null;
  readonly containerEl: HTMLElement;
  constructor(public app: ShimApp, parentEl: HTMLElement) {
    super();
    this.containerEl = el(parentEl).createDiv({ cls: 'workspace-leaf' });
  }
  async open(view: View): Promise<View> {
    if (this.view && this.view !== view) await this.view.close();
    this.view = view;
    this.containerEl.appendChild(view.containerEl);
    view.load();
    await (view as unknown as { onOpen(): Promise<void> }).onOpen();
    return view;
  }
  async setViewState(state: { type: string; active?: boolean; state?: unknown }): Promise<void> {
    const factory = viewRegistry.get(state.type);
    if (!factory) throw new Error(`no view registered for ${state.type}`);
    await this.open(factory(this));
  }
  getViewState(): { type: string } {
    return { type: this.view?.getViewType() ?? 'empty' };
  }
  async detach(): Promise<void> {
    await this.view?.close();
    this.view = null;
    this.containerEl.remove();
  }
}

export abstract class View extends Component {
  app: ShimApp;
  icon = '';
  navigation = false;
  containerEl: HTMLElement;
  constructor(public leaf: WorkspaceLeaf) {
    super();
    this.app = leaf.app;
    this.containerEl = div({ cls: 'workspace-leaf-content' });
  }
  protected async onOpen(): Promise<void> {}
  protected async onClose(): Promise<void> {}
  async close(): Promise<void> {
    await this.onClose();
    this.unload();
    this.containerEl.remove();
  }
  abstract getViewType(): string;
  abstract getDisplayText(): string;
  getIcon(): string {
    return this.icon;
  }
  getState(): Record<string, unknown> {
    return {};
  }
  async setState(_state: unknown, _result: unknown): Promise<void> {}
}

export abstract class ItemView extends View {
  contentEl: HTMLElement;
  constructor(leaf: WorkspaceLeaf) {
    super(leaf);
    const header = el(this.containerEl).createDiv({ cls: 'view-header' });
    el(header).createDiv({ cls: 'view-header-title' });
    this.contentEl = el(this.containerEl).createDiv({ cls: 'view-content' });
  }
  override load(): unknown {
    const title = this.containerEl.querySelector('.view-header-title');
    if (title) title.textContent = this.getDisplayText();
    this.containerEl.setAttribute('data-type', this.getViewType());
    return super.load();
  }
  addAction(icon: string, title: string, callback: (evt: MouseEvent) => unknown): HTMLElement {
    const header = this.containerEl.querySelector('.view-header') as HTMLElement;
    const button = el(header).createEl('button', { cls: 'clickable-icon view-action', attr: { 'aria-label': title } });
    setIcon(button, icon);
    button.addEventListener('click', (evt) => callback(evt));
    return button;
  }
}

/** Never active in this test (no note is open in an editor); exists for instanceof checks. */
export class MarkdownView extends ItemView {
  file: TFile | null = null;
  editor: unknown = null;
  getViewType(): string {
    return 'markdown';
  }
  getDisplayText(): string {
    return this.file?.basename ?? '';
  }
}

/* ------------------------------------------------------------------ modals */

export class Modal {
  containerEl: HTMLElement;
  modalEl: HTMLElement;
  titleEl: HTMLElement;
  contentEl: HTMLElement;
  constructor(public app: ShimApp) {
    this.containerEl = div({ cls: 'modal-container' });
    this.modalEl = el(this.containerEl).createDiv({ cls: 'modal' });
    this.titleEl = el(this.modalEl).createDiv({ cls: 'modal-title' });
    this.contentEl = el(this.modalEl).createDiv({ cls: 'modal-content' });
  }
  open(): void {
    document.body.appendChild(this.containerEl);
    this.onOpen();
  }
  close(): void {
    if (!this.containerEl.isConnected) return;
    this.onClose();
    this.containerEl.remove();
  }
  onOpen(): void {}
  onClose(): void {}
  setTitle(title: string): this {
    this.titleEl.textContent = title;
    return this;
  }
  setContent(content: string | DocumentFragment): this {
    setTextOf(this.contentEl, content);
    return this;
  }
}

export abstract class SuggestModal<T> extends Modal {
  limit = 100;
  emptyStateText = '';
  inputEl: HTMLInputElement;
  resultContainerEl: HTMLElement;
  constructor(app: ShimApp) {
    super(app);
    this.inputEl = el(this.modalEl).createEl('input', { type: 'text', cls: 'prompt-input' });
    this.resultContainerEl = el(this.modalEl).createDiv({ cls: 'prompt-results' });
  }
  setPlaceholder(placeholder: string): void {
    this.inputEl.placeholder = placeholder;
  }
  setInstructions(_instructions: unknown[]): void {}
  abstract getSuggestions(query: string): T[] | Promise<T[]>;
  abstract renderSuggestion(value: T, target: HTMLElement): void;
  abstract onChooseSuggestion(item: T, evt: MouseEvent | KeyboardEvent): void;
}

export interface FuzzyMatch<T> {
  item: T;
  match: { score: number; matches: [number, number][] };
}

export abstract class FuzzySuggestModal<T> extends SuggestModal<FuzzyMatch<T>> {
  getSuggestions(query: string): FuzzyMatch<T>[] {
    const q = query.toLowerCase();
    return this.getItems()
      .filter((item) => this.getItemText(item).toLowerCase().includes(q))
      .map((item) => ({ item, match: { score: 0, matches: [] } }));
  }
  renderSuggestion(value: FuzzyMatch<T>, target: HTMLElement): void {
    target.textContent = this.getItemText(value.item);
  }
  onChooseSuggestion(value: FuzzyMatch<T>, evt: MouseEvent | KeyboardEvent): void {
    this.onChooseItem(value.item, evt);
  }
  abstract getItems(): T[];
  abstract getItemText(item: T): string;
  abstract onChooseItem(item: T, evt: MouseEvent | KeyboardEvent): void;
}

/* ------------------------------------------------------------------ settings (minimal) */

export abstract class PluginSettingTab {
  containerEl: HTMLElement;
  constructor(public app: ShimApp, public plugin: Plugin) {
    this.containerEl = div({ cls: 'vertical-tab-content' });
  }
  abstract display(): void;
  hide(): void {
    el(this.containerEl).empty();
  }
}

/** One control of a Setting: the element, a value, and a change callback fired by DOM events. */
class Control<E extends HTMLElement> {
  protected handler: ((value: never) => unknown) | null = null;
  constructor(readonly controlEl: E) {}
  onChange(cb: (value: never) => unknown): this {
    this.handler = cb;
    return this;
  }
  setDisabled(disabled: boolean): this {
    this.controlEl.toggleAttribute('disabled', disabled);
    return this;
  }
  setTooltip(tooltip: string): this {
    this.controlEl.setAttribute('aria-label', tooltip);
    return this;
  }
}

class InputControl<E extends HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement> extends Control<E> {
  constructor(controlEl: E, event: string, read: (e: E) => unknown) {
    super(controlEl);
    controlEl.addEventListener(event, () => void (this.handler as ((v: unknown) => unknown) | null)?.(read(controlEl)));
  }
  get inputEl(): E {
    return this.controlEl;
  }
  get selectEl(): E {
    return this.controlEl;
  }
  get sliderEl(): E {
    return this.controlEl;
  }
  getValue(): string {
    return this.controlEl.value;
  }
  setValue(value: unknown): this {
    this.controlEl.value = String(value);
    return this;
  }
  setPlaceholder(placeholder: string): this {
    this.controlEl.setAttribute('placeholder', placeholder);
    return this;
  }
  addOption(value: string, display: string): this {
    el(this.controlEl).createEl('option', { value, text: display });
    return this;
  }
  addOptions(options: Record<string, string>): this {
    for (const [value, display] of Object.entries(options)) this.addOption(value, display);
    return this;
  }
  setLimits(min: number, max: number, step: number | 'any'): this {
    Object.assign(this.controlEl, { min: String(min), max: String(max), step: String(step) });
    return this;
  }
  setDynamicTooltip(): this {
    return this;
  }
}

class ToggleControl extends Control<HTMLElement> {
  private on = false;
  constructor(parent: HTMLElement) {
    super(el(parent).createDiv({ cls: 'checkbox-container' }));
    this.controlEl.addEventListener('click', () => {
      this.setValue(!this.on);
      void (this.handler as ((v: boolean) => unknown) | null)?.(this.on);
    });
  }
  get toggleEl(): HTMLElement {
    return this.controlEl;
  }
  getValue(): boolean {
    return this.on;
  }
  setValue(on: boolean): this {
    this.on = on;
    this.controlEl.classList.toggle('is-enabled', on);
    return this;
  }
}

class ButtonControl extends Control<HTMLButtonElement> {
  get buttonEl(): HTMLButtonElement {
    return this.controlEl;
  }
  setButtonText(text: string): this {
    this.controlEl.textContent = text;
    return this;
  }
  setCta(): this {
    this.controlEl.classList.add('mod-cta');
    return this;
  }
  setWarning(): this {
    this.controlEl.classList.add('mod-warning');
    return this;
  }
  setIcon(icon: string): this {
    setIcon(this.controlEl, icon);
    return this;
  }
  onClick(cb: (evt: MouseEvent) => unknown): this {
    this.controlEl.addEventListener('click', (evt) => void cb(evt));
    return this;
  }
}

export class Setting {
  settingEl: HTMLElement;
  infoEl: HTMLElement;
  nameEl: HTMLElement;
  descEl: HTMLElement;
  controlEl: HTMLElement;
  constructor(containerEl: HTMLElement) {
    this.settingEl = el(containerEl).createDiv({ cls: 'setting-item' });
    this.infoEl = el(this.settingEl).createDiv({ cls: 'setting-item-info' });
    this.nameEl = el(this.infoEl).createDiv({ cls: 'setting-item-name' });
    this.descEl = el(this.infoEl).createDiv({ cls: 'setting-item-description' });
    this.controlEl = el(this.settingEl).createDiv({ cls: 'setting-item-control' });
  }
  setName(name: string | DocumentFragment): this {
    setTextOf(this.nameEl, name);
    return this;
  }
  setDesc(desc: string | DocumentFragment): this {
    setTextOf(this.descEl, desc);
    return this;
  }
  setClass(cls: string): this {
    this.settingEl.classList.add(cls);
    return this;
  }
  setHeading(): this {
    this.settingEl.classList.add('setting-item-heading');
    return this;
  }
  setDisabled(disabled: boolean): this {
    this.settingEl.classList.toggle('is-disabled', disabled);
    return this;
  }
  setTooltip(tooltip: string): this {
    this.settingEl.setAttribute('aria-label', tooltip);
    return this;
  }
  addText(cb: (c: InputControl<HTMLInputElement>) => unknown): this {
    cb(new InputControl(el(this.controlEl).createEl('input', { type: 'text' }), 'input', (e) => e.value));
    return this;
  }
  addTextArea(cb: (c: InputControl<HTMLTextAreaElement>) => unknown): this {
    cb(new InputControl(el(this.controlEl).createEl('textarea'), 'input', (e) => e.value));
    return this;
  }
  addDropdown(cb: (c: InputControl<HTMLSelectElement>) => unknown): this {
    cb(new InputControl(el(this.controlEl).createEl('select', { cls: 'dropdown' }), 'change', (e) => e.value));
    return this;
  }
  addSlider(cb: (c: InputControl<HTMLInputElement>) => unknown): this {
    cb(new InputControl(el(this.controlEl).createEl('input', { type: 'range', cls: 'slider' }), 'input', (e) => Number(e.value)));
    return this;
  }
  addToggle(cb: (c: ToggleControl) => unknown): this {
    cb(new ToggleControl(this.controlEl));
    return this;
  }
  addButton(cb: (c: ButtonControl) => unknown): this {
    cb(new ButtonControl(el(this.controlEl).createEl('button')));
    return this;
  }
  addExtraButton(cb: (c: ButtonControl) => unknown): this {
    cb(new ButtonControl(el(this.controlEl).createEl('button', { cls: 'clickable-icon extra-setting-button' })));
    return this;
  }
  then(cb: (setting: this) => unknown): this {
    cb(this);
    return this;
  }
}

/* ------------------------------------------------------------------ markdown */

/** `[[target]]`, `[[target#heading]]`, `[[target|alias]]` → Obsidian's internal link element. */
const wikilinks = (md: InstanceType<typeof MarkdownIt>): void => {
  md.inline.ruler.before('link', 'wikilink', (state: StateInline, silent: boolean) => {
    const start = state.pos;
    if (!state.src.startsWith('[[', start)) return false;
    const end = state.src.indexOf(']]', start + 2);
    if (end < 0) return false;
    const inner = state.src.slice(start + 2, end);
    if (!inner || /[\n[\]]/.test(inner)) return false;
    if (!silent) {
      const bar = inner.indexOf('|');
      const target = bar >= 0 ? inner.slice(0, bar) : inner;
      const open = state.push('link_open', 'a', 1);
      open.attrs = [['data-href', target], ['href', target], ['class', 'internal-link'], ['target', '_blank'], ['rel', 'noopener nofollow']];
      state.push('text', '', 0).content = bar >= 0 ? inner.slice(bar + 1) : target;
      state.push('link_close', 'a', -1);
    }
    state.pos = end + 2;
    return true;
  });
};

export type MarkdownPostProcessor = (el: HTMLElement, ctx: { sourcePath: string }) => unknown;
export type MarkdownCodeBlockProcessor = (source: string, el: HTMLElement, ctx: { sourcePath: string }) => unknown;
/** What other plugins registered; MarkdownRenderer runs them all, as Obsidian does. */
export const markdownProcessors = { post: [] as MarkdownPostProcessor[], codeBlocks: new Map<string, MarkdownCodeBlockProcessor>() };

const markdownIt = new MarkdownIt({ html: true, linkify: true, breaks: false });
markdownIt.use(wikilinks);

export class MarkdownRenderer {
  static async render(_app: unknown, markdown: string, target: HTMLElement, _sourcePath: string, _component: Component): Promise<void> {
    // Parsed in the live document, so an <img> starts loading (and fires onerror) at once, as
    // innerHTML does; scripts are re-created so they run once attached, as a careless renderer's
    // would. Raw HTML is not sanitised here: that is the plugin's job, and the test checks it.
    const holder = document.createElement('div');
    holder.innerHTML = markdownIt.render(markdown);
    for (const old of Array.from(holder.querySelectorAll('script'))) {
      const live = document.createElement('script');
      for (const attr of Array.from(old.attributes)) live.setAttribute(attr.name, attr.value);
      live.textContent = old.textContent;
      old.replaceWith(live);
    }
    target.append(...Array.from(holder.childNodes));
    for (const code of Array.from(target.querySelectorAll<HTMLElement>('pre > code[class*="language-"]'))) {
      const language = /language-(\S+)/.exec(code.className)?.[1] ?? '';
      const handler = markdownProcessors.codeBlocks.get(language);
      if (!handler) continue;
      const block = document.createElement('div');
      code.parentElement!.replaceWith(block);
      await handler(code.textContent ?? '', block, { sourcePath: _sourcePath });
    }
    for (const processor of [...markdownProcessors.post]) await processor(target, { sourcePath: _sourcePath });
  }

  static renderMarkdown(markdown: string, target: HTMLElement, sourcePath: string, component: Component): Promise<void> {
    return MarkdownRenderer.render(null, markdown, target, sourcePath, component);
  }
}

/* ------------------------------------------------------------------ secret storage (providers branch) */

/**
 * The API version the page pretends to be: `window.__shimApiVersion` (set before the plugin
 * loads) or the shim's own, so one build is tested as an older and as a newer Obsidian.
 */
export function requireApiVersion(version: string): boolean {
  const current = (window as { __shimApiVersion?: string }).__shimApiVersion ?? apiVersion;
  const [a, b] = [version, current].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return true;
}

/** Obsidian's SecretComponent, reduced to what a plugin sees: a field whose value is a secret's id. */
export class SecretComponent {
  readonly inputEl: HTMLInputElement;
  private handler: ((value: string) => unknown) | null = null;
  constructor(_app: unknown, containerEl: HTMLElement) {
    this.inputEl = el(containerEl).createEl('input', { type: 'text', cls: 'secret-component' });
    this.inputEl.addEventListener('input', () => void this.handler?.(this.inputEl.value));
  }
  setValue(value: string): this {
    this.inputEl.value = value;
    return this;
  }
  onChange(cb: (value: string) => unknown): this {
    this.handler = cb;
    return this;
  }
}

/** Setting.addComponent (1.11): the component builds itself in the control element. */
(Setting.prototype as unknown as { addComponent(cb: (el: HTMLElement) => unknown): Setting }).addComponent = function (this: Setting, cb: (el: HTMLElement) => unknown) {
  cb(this.controlEl);
  return this;
};
