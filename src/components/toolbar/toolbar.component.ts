import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { DicomViewport } from '../viewport/viewport.component.js';
import type { ViewportCommand } from '../viewport/viewport-commands.js';
import { toolDescriptors, type ToolDescriptor, type ToolName } from '../../tools/tool-registry.js';
import { shortcutHelp } from './shortcut-help.js';
import { presetLabel } from './tool-labels.js';
import { hasSlab } from './slab-choices.js';
import { slabControl } from './slab-control.js';
import { icon, type IconName } from './toolbar-icons.js';
import { applyRovingTabindex, itemForKey, toolbarItems } from './roving-tabindex.js';
import { toolbarStyles } from './toolbar.styles.js';
import type { Theme } from '../shared/theme.styles.js';
import { LocalizeController, type Translate } from '../shared/localize-controller.js';
import type { Messages } from '../../i18n/index.js';

/**
 * What the toolbar needs of a `<dicom-viewer>`: its layout and sync (read and written), its active viewport, and its
 * events `dicom-active-viewport-change`, `dicom-layout-change` and the internal `dicom-layout-applied` (every grid
 * change, the page's too, which fire no `dicom-layout-change`) and `dicom-active-viewport-applied` (every change of the
 * active viewport, the page's too, which fire no `dicom-active-viewport-change`).
 */
export interface ToolbarViewer extends HTMLElement {
  layout: string;
  sync: string;
  readonly activeViewport: DicomViewport | null;
  /** The reader's choice of layout (a viewer then tells the page); without it the toolbar sets `layout`. */
  pickLayout?(layout: string): void;
}

/** The layouts the picker offers; a viewer's other `RxC` layout is offered too while it has it. */
export const pickerLayouts = ['1x1', '1x2', '2x1', '2x2', '1x3', '3x3', 'mpr', 'mpr-3d'] as const;

/** Which labels the width shows (toolbar.styles.ts: none under 720px, the measurement tools' from 1400px). */
const labelWidthBand = (width: number) => (width < 720 ? 0 : width < 1400 ? 1 : 2);

/** The cine speeds offered (frames per second); 0 is the viewport's own: the header's recorded rate, else 10. */
export const cineSpeeds = [0, 5, 10, 15, 20, 25, 30, 60] as const;

/** The synchronizations a viewer's `sync` names, in the order the toolbar writes them. */
export const syncKinds = [
  { kind: 'position', icon: 'sync-position' },
  { kind: 'voi', icon: 'sync-voi' },
  { kind: 'camera', icon: 'sync-camera' },
] as const satisfies ReadonlyArray<{ kind: string; icon: IconName }>;

const viewportEvents = ['dicom-viewport-changed', 'dicom-image-rendered', 'keydown'] as const;
// A viewer's first image also says its active viewport may be there now (a viewer may set its first one without an event).
const viewerEvents = ['dicom-active-viewport-change', 'dicom-active-viewport-applied', 'dicom-layout-change', 'dicom-layout-applied', 'dicom-image-rendered'] as const;

/** A layout's name in the picker (`1 × 2`, `MPR`) and as a screen reader says it (`1 by 2`); another value as it is. */
function layoutLabel(layout: string, t: Translate): { shown: string; spoken: string } {
  if (layout === 'mpr') return { shown: t('layout.mpr'), spoken: t('layout.mprName') };
  if (layout === 'mpr-3d') return { shown: t('layout.mpr3d'), spoken: t('layout.mpr3dName') };
  const grid = /^(\d+)x(\d+)$/.exec(layout);
  if (!grid) return { shown: layout, spoken: layout };
  const size = { rows: grid[1]!, columns: grid[2]! };
  return { shown: t('layout.grid', size), spoken: t('layout.gridName', size) };
}

/**
 * @tag dicom-toolbar
 * @summary The controls of a viewport, or of a viewer's active viewport: the primary tool (every tool of the
 * registry, measurement tools included), window presets by name, invert, rotate and flip, reset, cine play/pause and
 * speed, and, in a viewer, the layout picker and the synchronization toggles; a help panel lists the viewport's
 * keyboard shortcuts.
 *
 * It follows the WAI-ARIA toolbar pattern: one Tab stop, Left/Right (and Home/End) move between controls, Up/Down
 * change a picker's value, Enter or Space presses a button. Every button has a label (shown in the wide layout, a
 * tooltip in the compact one) and toggles say `aria-pressed`. It reflects the target's tool, window preset, invert,
 * flips and cine, and follows its changes (`dicom-viewport-changed`, `dicom-image-rendered`, its keys); `refresh()`
 * reads them again after the page changed the viewport's properties itself.
 *
 * Attach it with `for="<id of a dicom-viewport or dicom-viewer>"` (in the same document or shadow root), or by
 * setting `viewport` or `viewer`. With a viewer it commands the viewer's active viewport. It fires no events of its
 * own: it calls the viewport's `execute()` and writes the viewer's `layout` and `sync`.
 *
 * Compact (icons only) when its width is under 720px or with the `compact` attribute; wide (icons and labels)
 * otherwise, the measurement tools' labels from 1400px.
 *
 * @csspart base - The toolbar (`role="toolbar"`).
 * @csspart group - Each group of controls (tools, measurements, window, orientation, cine, layout, help).
 * @csspart button - Every button.
 * @csspart tool - A tool's button (also `button`); `pressed` marks the chosen one.
 * @csspart pressed - A toggle button that is on.
 * @csspart preset - The window preset picker.
 * @csspart invert - The invert button.
 * @csspart rotate - The rotate buttons.
 * @csspart flip - The flip buttons.
 * @csspart reset - The reset button.
 * @csspart cine - The play/pause button.
 * @csspart speed - The cine speed picker.
 * @csspart slab-mode - A volume plane's slab projection picker (MIP, MinIP, average).
 * @csspart slab-thickness - A volume plane's slab thickness picker.
 * @csspart layout - The layout picker (with a viewer).
 * @csspart sync - A synchronization toggle (with a viewer).
 * @csspart help-button - The button that shows the keyboard shortcuts.
 * @csspart help - The panel of keyboard shortcuts.
 * @csspart icon - Every icon (inline SVG).
 * @csspart label - Every button's text (hidden when compact).
 *
 * @cssproperty --dicom-toolbar-background - Defaults to `--dicom-color-surface`.
 * @cssproperty --dicom-toolbar-text-color - Defaults to `--dicom-color-text`.
 * @cssproperty --dicom-toolbar-border-color - Between groups and around pickers.
 * @cssproperty --dicom-toolbar-accent - Focus ring and the pressed marker. Defaults to `--dicom-color-accent`.
 * @cssproperty --dicom-toolbar-pressed - Background of a pressed toggle. Defaults to `--dicom-color-active`.
 * @cssproperty --dicom-toolbar-font - Font.
 * @cssproperty --dicom-toolbar-gap - Space between controls.
 * @cssproperty --dicom-toolbar-icon-size - Icon size.
 */
export class DicomToolbar extends LitElement {
  static override styles = toolbarStyles;

  /** The palette: `light`, `dark`, or unset to follow the reader's `prefers-color-scheme` (in a viewer, the viewer's). */
  @property({ reflect: true }) theme: Theme = '';

  private readonly msg = new LocalizeController(this);

  /**
   * Words for this element only, over its language's table: a partial `Messages` (`{ 'toolbar.invert': 'Negative' }`).
   * What it lacks comes from the language of `lang`; parts shown inside the element take it too.
   */
  @property({ attribute: false }) messages?: Partial<Messages>;

  /** The id of a `<dicom-viewport>` or `<dicom-viewer>` to command, looked up in this element's document or shadow root. */
  @property({ attribute: 'for' }) for = '';

  /** The viewport to command (unless `viewer` is set). */
  @property({ attribute: false }) viewport: DicomViewport | null = null;

  /** A viewer: the toolbar commands its active viewport and shows the layout picker and the sync toggles. */
  @property({ attribute: false }) viewer: ToolbarViewer | null = null;

  /** Icons only, whatever the width. */
  @property({ type: Boolean, reflect: true }) compact = false;

  @state() private helpOpen = false;
  @state() private moreOpen = false;
  /** The level the reader opened the menu at (its contents then); undefined while they have it closed. */
  private menuOpenedAt?: number;
  /** How many groups of `collapseOrder` sit in the overflow menu because the toolbar is too narrow for them. */
  @state() private collapsed = 0;
  private fitting = false;
  private fitDone: Promise<void> = Promise.resolve();
  private refitWanted = false;
  private fitKey = '';
  /** The row's width at each level of collapse when last shown, while the words and groups stay (`fitKey`). */
  private readonly rowWidths = new Map<number, number>();
  private readonly resizeObserver = new ResizeObserver((entries) => {
    const width = entries[0]?.contentRect.width ?? 0;
    if (width !== this.observedWidth) {
      // Labels show or hide by width (container queries): a row's width is known again only once shown.
      if (this.observedWidth >= 0 && labelWidthBand(width) !== labelWidthBand(this.observedWidth)) this.rowWidths.clear();
      this.observedWidth = width;
      void this.fit();
    }
  });
  private observedWidth = -1;
  /** The viewport or viewer `for` names. */
  @state() private named: { viewport?: DicomViewport; viewer?: ToolbarViewer } = {};
  private listenedViewport?: DicomViewport | null;
  private listenedViewer?: ToolbarViewer | null;
  /** The control in the Tab order. */
  private rovingItem?: HTMLElement;

  /** The viewer the toolbar serves, if any. */
  get targetViewer(): ToolbarViewer | null {
    return this.viewer ?? this.named.viewer ?? null;
  }

  /** The viewport the toolbar commands: the viewer's active one, else `viewport`, else the one `for` names. */
  get target(): DicomViewport | null {
    const viewer = this.targetViewer;
    if (viewer) return viewer.activeViewport ?? null;
    return this.viewport ?? this.named.viewport ?? null;
  }

  /** Reads the target's state again (the toolbar follows the reader's changes by itself). */
  refresh(): void {
    this.listen();
    this.requestUpdate();
  }

  private resolveFor(): void {
    if (!this.for || !this.isConnected) {
      this.named = {};
      return;
    }
    const found = (this.getRootNode() as Document | ShadowRoot).getElementById?.(this.for);
    if (found?.localName === 'dicom-viewport') this.named = { viewport: found as DicomViewport };
    // A viewer is known by what the toolbar uses of it, so any element that keeps the contract will do.
    else if (found && 'activeViewport' in found && 'layout' in found) this.named = { viewer: found as ToolbarViewer };
    else this.named = {};
  }

  private readonly onViewportEvent = (event: Event): void => {
    // A key the viewport took (a tool, invert, cine…) has been carried out by the time it reaches its host.
    if (event.type === 'keydown') void (event.currentTarget as DicomViewport).updateComplete.then(() => this.requestUpdate());
    else this.requestUpdate();
  };

  private readonly onViewerEvent = (): void => {
    this.listen();
    this.requestUpdate();
  };

  /** Listens to the current target and viewer, and to nothing else. */
  private listen(): void {
    const viewer = this.isConnected ? this.targetViewer : null;
    if (viewer !== this.listenedViewer) {
      for (const type of viewerEvents) this.listenedViewer?.removeEventListener(type, this.onViewerEvent);
      for (const type of viewerEvents) viewer?.addEventListener(type, this.onViewerEvent);
      this.listenedViewer = viewer;
    }
    const viewport = this.isConnected ? this.target : null;
    if (viewport !== this.listenedViewport) {
      for (const type of viewportEvents) this.listenedViewport?.removeEventListener(type, this.onViewportEvent);
      for (const type of viewportEvents) viewport?.addEventListener(type, this.onViewportEvent);
      this.listenedViewport = viewport;
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver.observe(this);
    // The element `for` names may come later in the document than this one.
    queueMicrotask(() => {
      this.resolveFor();
      this.listen();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
    this.observedWidth = -1;
    this.listen();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('for')) this.resolveFor();
    if (changed.has('for') || changed.has('viewport') || changed.has('viewer')) this.listen();
  }

  protected override updated(): void {
    const base = this.renderRoot.querySelector<HTMLElement>('[part~="base"]');
    if (base) {
      const items = toolbarItems(base);
      this.rovingItem = applyRovingTabindex(items, this.rovingItem);
      // The closed menu's controls are out of the Tab order too (they come back with it open).
      for (const item of base.querySelectorAll<HTMLElement>('button, select')) if (!items.includes(item)) item.tabIndex = -1;
    }
    // A select shows its value once its options are there (a property set before them would be lost).
    const target = this.target;
    this.selectValue('preset', target?.preset ?? '');
    this.selectValue('speed', String(target?.fps ?? 0));
    this.selectValue('layout', this.targetViewer?.layout ?? '');
    const viewState = target?.getViewportState();
    this.selectValue('slab-mode', viewState?.slabMode ?? 'mip');
    this.selectValue('slab-thickness', String(viewState?.slabThickness ?? 0));
    // What the groups' widths depend on besides the element's width: its words and which groups there are.
    const fitKey = [this.msg.format.locale, !!this.targetViewer, this.target?.presets.length ?? 0, this.compact, hasSlab(viewState)].join('|');
    if (fitKey !== this.fitKey) {
      this.fitKey = fitKey;
      this.rowWidths.clear();
      void this.fit();
    }
  }

  /**
   * One row, always: groups go to the overflow menu in `collapseOrder` while the row is wider than the toolbar, and
   * come back while the toolbar is as wide as the row they make was when last shown (labels have already given way to
   * icons by width, toolbar.styles.ts). Nothing re-renders while the level stays, so an open menu stays open. Only
   * a toolbar too narrow even with every group in the menu wraps.
   */
  private fit(): Promise<void> {
    if (this.fitting || !this.isConnected) {
      this.refitWanted = this.isConnected;
      return this.fitDone;
    }
    this.fitDone = this.fitRow();
    return this.fitDone;
  }

  /** `updateComplete` waits for the row to be fitted too, so a caller finds each control where it stays. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const result = await super.getUpdateComplete();
    await this.fitDone;
    return result;
  }

  /** A render done, without waiting for the fit (which itself waits for renders). */
  private rendered(): Promise<boolean> {
    return super.getUpdateComplete();
  }

  private async fitRow(): Promise<void> {
    this.fitting = true;
    try {
      do {
        this.refitWanted = false;
        await this.fitOnce();
      } while (this.refitWanted && this.isConnected);
      // Trying a wider row closes the menu (its contents change); a fit that ends with the contents the reader
      // opened it on opens it again, so a refit (new words, the presets arriving) does not close it under the reader.
      this.moreOpen = this.collapsed > 0 && this.menuOpenedAt === this.collapsed;
      if (!this.moreOpen) this.menuOpenedAt = undefined;
    } finally {
      this.fitting = false;
    }
  }

  private async fitOnce(): Promise<void> {
    const levels = this.collapseOrder().length;
    const base = () => this.renderRoot.querySelector<HTMLElement>('[part~="base"]');
    const measure = async (level: number) => {
      if (level !== this.collapsed) {
        this.collapsed = level;
        this.moreOpen = false; // the menu's contents change
        await this.rendered();
      }
      const row = base();
      if (!row) return true;
      const needed = row.scrollWidth;
      this.rowWidths.set(level, needed);
      return needed <= row.clientWidth + 1;
    };
    let fits = await measure(this.collapsed);
    while (!fits && this.collapsed < levels) fits = await measure(this.collapsed + 1);
    // Wider now than the row one group fewer in the menu made (or not known): try it, and step back if it does not fit.
    while (fits && this.collapsed > 0) {
      const known = this.rowWidths.get(this.collapsed - 1);
      const available = base()?.clientWidth ?? 0;
      if (known !== undefined && known > available + 1) break;
      if (!(await measure(this.collapsed - 1))) {
        await measure(this.collapsed + 1);
        break;
      }
    }
  }

  /** The groups that give way when the row is too narrow, first to go first. */
  private collapseOrder(): string[] {
    const slab = hasSlab(this.target?.getViewportState()) ? ['slab'] : [];
    return ['measurements', 'orientation', 'cine', ...slab, ...(this.targetViewer ? ['layout'] : []), 'window'];
  }

  private async toggleMore(open = !this.moreOpen): Promise<void> {
    this.moreOpen = open;
    this.menuOpenedAt = open ? this.collapsed : undefined;
    await this.updateComplete;
    if (open) this.rovingItem = this.renderRoot.querySelector<HTMLElement>('[part~="more-button"]') ?? this.rovingItem;
    else this.renderRoot.querySelector<HTMLElement>('[part~="more-button"]')?.focus();
  }

  private selectValue(part: string, value: string): void {
    const select = this.renderRoot.querySelector<HTMLSelectElement>(`select[part~="${part}"]`);
    if (select && select.value !== value) select.value = value;
  }

  private run(command: ViewportCommand): void {
    this.target?.execute(command);
    this.requestUpdate();
  }

  private onToolbarKeyDown(event: KeyboardEvent): void {
    const base = event.currentTarget as HTMLElement;
    const from = event.composedPath().find((node): node is HTMLElement => node instanceof HTMLElement && base.contains(node) && (node.localName === 'button' || node.localName === 'select'));
    if (!from) return;
    const next = itemForKey(toolbarItems(base), from, event.key);
    if (!next) return;
    event.preventDefault();
    this.rovingItem = applyRovingTabindex(toolbarItems(base), next);
    next.focus();
  }

  private onToolbarFocusIn(event: FocusEvent): void {
    const item = event.target as HTMLElement;
    if (item.localName === 'button' || item.localName === 'select') this.rovingItem = applyRovingTabindex(toolbarItems(event.currentTarget as HTMLElement), item);
  }

  private async toggleHelp(open = !this.helpOpen): Promise<void> {
    this.helpOpen = open;
    if (!open) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part~="help-button"]')?.focus();
    }
  }

  private button(options: { part: string; label: string; icon: IconName; pressed?: boolean; onClick: () => void; extra?: Record<string, string> }) {
    const disabled = !this.target;
    const parts = ['button', options.part, options.pressed ? 'pressed' : ''].filter(Boolean).join(' ');
    return html`<button
      part=${parts}
      type="button"
      aria-label=${options.label}
      title=${options.label}
      aria-pressed=${options.pressed === undefined ? nothing : String(options.pressed)}
      aria-disabled=${disabled ? 'true' : nothing}
      data-control=${options.extra?.control ?? options.part}
      @click=${() => {
        if (!disabled) options.onClick();
      }}
    >
      ${icon(options.icon)}<span part="label" class="label">${options.label}</span>
    </button>`;
  }

  private toolButtons(kind: ToolDescriptor['kind']) {
    const target = this.target;
    return (toolDescriptors as readonly ToolDescriptor[])
      .filter((descriptor) => descriptor.kind === kind)
      .map((descriptor) => {
        const tool = descriptor.name as ToolName;
        return this.button({
          part: 'tool',
          label: this.msg.t(`tool.${tool}`),
          icon: tool,
          pressed: target?.tool === tool,
          onClick: () => this.run({ kind: 'tool', tool }),
          extra: { control: `tool-${tool}` },
        });
      });
  }

  private presetPicker() {
    const target = this.target;
    const presets = target?.presets ?? [];
    return html`<select
      part="preset"
      aria-label=${this.msg.t('toolbar.windowPreset')}
      title=${this.msg.t('toolbar.windowPreset')}
      ?disabled=${!target || presets.length === 0}
      @change=${(event: Event) => {
        const id = (event.target as HTMLSelectElement).value;
        if (id) this.run({ kind: 'window-preset', id });
      }}
    >
      <option value="" disabled>${this.msg.t('toolbar.windowPreset')}</option>
      ${presets.map((preset) => html`<option value=${preset.id}>${presetLabel(preset, this.msg.t)}</option>`)}
    </select>`;
  }

  private speedPicker() {
    const target = this.target;
    const fps = target?.fps ?? 0;
    const speeds: number[] = [...cineSpeeds];
    if (!speeds.includes(fps)) speeds.push(fps);
    const auto = target && fps === 0 ? this.msg.t('toolbar.autoSpeedRate', { fps: this.msg.format.number(target.cineFps, 1) }) : this.msg.t('toolbar.autoSpeed');
    return html`<select
      part="speed"
      aria-label=${this.msg.t('toolbar.cineSpeed')}
      title=${this.msg.t('toolbar.cineSpeed')}
      ?disabled=${!target}
      @change=${(event: Event) => {
        if (!target) return;
        target.fps = Number((event.target as HTMLSelectElement).value);
        // Playing goes on at the new speed.
        if (target.playing) target.execute({ kind: 'cine', play: true });
        this.requestUpdate();
      }}
    >
      ${speeds.map((speed) => html`<option value=${String(speed)}>${speed === 0 ? auto : this.msg.t('toolbar.fps', { fps: this.msg.format.number(speed) })}</option>`)}
    </select>`;
  }

  private viewerControls(viewer: ToolbarViewer) {
    const layouts: string[] = [...pickerLayouts];
    if (viewer.layout && !layouts.includes(viewer.layout)) layouts.push(viewer.layout);
    const sync = viewer.sync.split(/\s+/).filter(Boolean);
    return html`<div part="group" class="group" role="group" aria-label=${this.msg.t('toolbar.layoutAndSync')}>
      <select part="layout" aria-label=${this.msg.t('toolbar.layout')} title=${this.msg.t('toolbar.layout')} @change=${(event: Event) => {
        const layout = (event.target as HTMLSelectElement).value;
        if (viewer.pickLayout) viewer.pickLayout(layout);
        else viewer.layout = layout;
        this.requestUpdate();
      }}>
        ${layouts.map((layout) => {
          const label = layoutLabel(layout, this.msg.t);
          return html`<option value=${layout} aria-label=${label.spoken}>${label.shown}</option>`;
        })}
      </select>
      ${syncKinds.map(({ kind, icon: iconName }) => {
        const on = sync.includes(kind);
        const label = this.msg.t(`toolbar.sync.${kind}`);
        return html`<button
          part=${`button sync${on ? ' pressed' : ''}`}
          type="button"
          aria-label=${label}
          title=${label}
          aria-pressed=${String(on)}
          data-control=${`sync-${kind}`}
          @click=${() => {
            const next = on ? sync.filter((name) => name !== kind) : [...sync, kind];
            viewer.sync = syncKinds.map((candidate) => candidate.kind).filter((name) => next.includes(name)).join(' ');
            this.requestUpdate();
          }}
        >
          ${icon(iconName)}<span part="label" class="label">${this.msg.t(`toolbar.syncShort.${kind}`)}</span>
        </button>`;
      })}
    </div>`;
  }

  private helpPanel() {
    // Made only while open: the toolbar renders again at every cine frame.
    const lines = this.helpOpen ? shortcutHelp(this.target?.presets.map((preset) => presetLabel(preset, this.msg.t)), this.msg.t) : [];
    return html`<div
      part="help"
      id="help"
      class="help"
      role="region"
      aria-label=${this.msg.t('toolbar.keyboardShortcuts')}
      ?hidden=${!this.helpOpen}
      @keydown=${(event: KeyboardEvent) => {
        if (event.key === 'Escape') void this.toggleHelp(false);
      }}
    >
      <p>${this.msg.t('toolbar.shortcutsIntro')}</p>
      <dl>
        ${lines.map((line) => html`<div class="shortcut"><dt>${line.keys.map((key, i) => html`${i ? ' ' : ''}<kbd>${key}</kbd>`)}</dt><dd>${line.action}</dd></div>`)}
      </dl>
    </div>`;
  }

  protected override render() {
    const target = this.target;
    const viewState = target?.getViewportState();
    const viewer = this.targetViewer;
    const t = this.msg.t;
    const groups: Array<{ name: string; template: unknown }> = [
      { name: 'tools', template: html`<div part="group" class="group" role="group" aria-label=${t('toolbar.tools')}>${this.toolButtons('navigation')}</div>` },
      { name: 'measurements', template: html`<div part="group" class="group measure" role="group" aria-label=${t('toolbar.measurements')}>${this.toolButtons('annotation')}</div>` },
      {
        name: 'window',
        template: html`<div part="group" class="group" role="group" aria-label=${t('toolbar.window')}>
          ${this.presetPicker()}
          ${this.button({ part: 'invert', label: t('toolbar.invert'), icon: 'invert', pressed: target?.invert ?? false, onClick: () => this.run({ kind: 'invert' }) })}
        </div>`,
      },
      {
        name: 'orientation',
        template: html`<div part="group" class="group" role="group" aria-label=${t('toolbar.orientation')}>
          ${this.button({ part: 'rotate', label: t('toolbar.rotateLeft'), icon: 'rotate-left', onClick: () => this.run({ kind: 'rotate', degrees: -90 }), extra: { control: 'rotate-left' } })}
          ${this.button({ part: 'rotate', label: t('toolbar.rotateRight'), icon: 'rotate-right', onClick: () => this.run({ kind: 'rotate', degrees: 90 }), extra: { control: 'rotate-right' } })}
          ${this.button({ part: 'flip', label: t('toolbar.flipHorizontal'), icon: 'flip-horizontal', pressed: viewState?.flipHorizontal ?? false, onClick: () => this.run({ kind: 'flip', direction: 'horizontal' }), extra: { control: 'flip-horizontal' } })}
          ${this.button({ part: 'flip', label: t('toolbar.flipVertical'), icon: 'flip-vertical', pressed: viewState?.flipVertical ?? false, onClick: () => this.run({ kind: 'flip', direction: 'vertical' }), extra: { control: 'flip-vertical' } })}
          ${this.button({ part: 'reset', label: t('toolbar.reset'), icon: 'reset', onClick: () => this.run({ kind: 'reset' }) })}
        </div>`,
      },
      {
        name: 'cine',
        template: html`<div part="group" class="group" role="group" aria-label=${t('toolbar.cine')}>
          ${this.button({ part: 'cine', label: t('toolbar.playCine'), icon: target?.playing ? 'pause' : 'play', pressed: target?.playing ?? false, onClick: () => this.run({ kind: 'cine' }) })}
          ${this.speedPicker()}
        </div>`,
      },
      // A volume plane's slab; a stack or a rendering has none.
      ...(viewState && hasSlab(viewState) ? [{ name: 'slab', template: slabControl(viewState, t, (value) => this.msg.format.number(value), (command) => this.run(command)) }] : []),
      ...(viewer ? [{ name: 'layout', template: this.viewerControls(viewer) }] : []),
    ];
    const away = new Set(this.collapseOrder().slice(0, this.collapsed));
    const inRow = groups.filter((group) => !away.has(group.name));
    const inMenu = groups.filter((group) => away.has(group.name));
    return html`<div
        part="base"
        class=${this.collapsed > 0 && this.collapsed >= this.collapseOrder().length ? 'base base--wrap' : 'base'}
        role="toolbar"
        aria-label=${t('toolbar.label')}
        @keydown=${this.onToolbarKeyDown}
        @focusin=${this.onToolbarFocusIn}
      >
        ${inRow.map((group) => group.template)}
        ${inMenu.length ? this.overflowMenu(inMenu.map((group) => group.template)) : nothing}
        <div part="group" class="group help-group" role="group" aria-label=${t('toolbar.help')}>
          <button
            part="button help-button"
            type="button"
            aria-label=${t('toolbar.keyboardShortcuts')}
            title=${t('toolbar.keyboardShortcuts')}
            aria-expanded=${String(this.helpOpen)}
            aria-controls="help"
            data-control="help"
            @click=${() => this.toggleHelp()}
            @keydown=${(event: KeyboardEvent) => {
              if (event.key === 'Escape' && this.helpOpen) void this.toggleHelp(false);
            }}
          >
            ${icon('help')}<span part="label" class="label">${t('toolbar.shortcuts')}</span>
          </button>
        </div>
      </div>
      ${this.helpPanel()}`;
  }

  /**
   * The groups that do not fit, behind one button: a disclosure (its panel follows it in the toolbar, so the arrow
   * keys reach its controls once open; Escape closes it). Their controls keep their labels there.
   */
  private overflowMenu(groups: unknown[]) {
    const t = this.msg.t;
    return html`<div part="group" class="group more-group">
      <button
        part="button more-button"
        type="button"
        aria-label=${t('toolbar.more')}
        title=${t('toolbar.more')}
        aria-expanded=${String(this.moreOpen)}
        aria-controls="overflow"
        data-control="more"
        @click=${() => this.toggleMore()}
        @keydown=${(event: KeyboardEvent) => {
          if (event.key === 'Escape' && this.moreOpen) void this.toggleMore(false);
        }}
      >
        ${icon('more')}
      </button>
      <div
        part="overflow"
        id="overflow"
        class="overflow"
        ?hidden=${!this.moreOpen}
        @keydown=${(event: KeyboardEvent) => {
          if (event.key === 'Escape') void this.toggleMore(false);
        }}
      >
        ${groups}
      </div>
    </div>`;
  }
}
