import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { DicomViewport } from '../viewport/viewport.component.js';
import type { ViewportCommand } from '../viewport/viewport-commands.js';
import { toolDescriptors, type ToolDescriptor, type ToolName } from '../../tools/tool-registry.js';
import { shortcutHelp } from './shortcut-help.js';
import { icon, type IconName } from './toolbar-icons.js';
import { applyRovingTabindex, itemForKey, toolbarItems } from './roving-tabindex.js';
import { toolbarStyles } from './toolbar.styles.js';
import type { Theme } from '../shared/theme.styles.js';
import { LocalizeController } from '../shared/localize-controller.js';

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

/** The cine speeds offered (frames per second); 0 is the viewport's own: the header's recorded rate, else 10. */
export const cineSpeeds = [0, 5, 10, 15, 20, 25, 30, 60] as const;

/** The synchronizations a viewer's `sync` names, in the order the toolbar writes them. */
export const syncKinds = [
  { kind: 'position', label: 'Sync slice position', icon: 'sync-position' },
  { kind: 'voi', label: 'Sync window/level', icon: 'sync-voi' },
  { kind: 'camera', label: 'Sync zoom and pan', icon: 'sync-camera' },
] as const satisfies ReadonlyArray<{ kind: string; label: string; icon: IconName }>;

const viewportEvents = ['dicom-viewport-changed', 'dicom-image-rendered', 'keydown'] as const;
// A viewer's first image also says its active viewport may be there now (a viewer may set its first one without an event).
const viewerEvents = ['dicom-active-viewport-change', 'dicom-active-viewport-applied', 'dicom-layout-change', 'dicom-layout-applied', 'dicom-image-rendered'] as const;

const layoutLabel = (layout: string) => (layout === 'mpr' ? 'MPR' : layout === 'mpr-3d' ? 'MPR + 3D' : layout.replace('x', ' × '));

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

  /** The id of a `<dicom-viewport>` or `<dicom-viewer>` to command, looked up in this element's document or shadow root. */
  @property({ attribute: 'for' }) for = '';

  /** The viewport to command (unless `viewer` is set). */
  @property({ attribute: false }) viewport: DicomViewport | null = null;

  /** A viewer: the toolbar commands its active viewport and shows the layout picker and the sync toggles. */
  @property({ attribute: false }) viewer: ToolbarViewer | null = null;

  /** Icons only, whatever the width. */
  @property({ type: Boolean, reflect: true }) compact = false;

  @state() private helpOpen = false;
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
    // The element `for` names may come later in the document than this one.
    queueMicrotask(() => {
      this.resolveFor();
      this.listen();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.listen();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('for')) this.resolveFor();
    if (changed.has('for') || changed.has('viewport') || changed.has('viewer')) this.listen();
  }

  protected override updated(): void {
    const base = this.renderRoot.querySelector<HTMLElement>('[part~="base"]');
    if (base) this.rovingItem = applyRovingTabindex(toolbarItems(base), this.rovingItem);
    // A select shows its value once its options are there (a property set before them would be lost).
    const target = this.target;
    this.selectValue('preset', target?.preset ?? '');
    this.selectValue('speed', String(target?.fps ?? 0));
    this.selectValue('layout', this.targetViewer?.layout ?? '');
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
      ${presets.map((preset) => html`<option value=${preset.id}>${preset.label}</option>`)}
    </select>`;
  }

  private speedPicker() {
    const target = this.target;
    const fps = target?.fps ?? 0;
    const speeds: number[] = [...cineSpeeds];
    if (!speeds.includes(fps)) speeds.push(fps);
    const ownRate = target && fps === 0 ? ` (${Math.round(target.cineFps * 10) / 10} fps)` : '';
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
      ${speeds.map((speed) => html`<option value=${String(speed)}>${speed === 0 ? this.msg.t('toolbar.autoSpeed', { rate: ownRate }) : `${speed} fps`}</option>`)}
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
        ${layouts.map((layout) => html`<option value=${layout}>${layoutLabel(layout)}</option>`)}
      </select>
      ${syncKinds.map(({ kind, label, icon: iconName }) => {
        const on = sync.includes(kind);
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
          ${icon(iconName)}<span part="label" class="label">${label.replace(/^Sync /, '')}</span>
        </button>`;
      })}
    </div>`;
  }

  private helpPanel() {
    // Made only while open: the toolbar renders again at every cine frame.
    const lines = this.helpOpen ? shortcutHelp(this.target?.presets.map((preset) => preset.label)) : [];
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
    return html`<div
        part="base"
        class="base"
        role="toolbar"
        aria-label=${this.msg.t('toolbar.label')}
        @keydown=${this.onToolbarKeyDown}
        @focusin=${this.onToolbarFocusIn}
      >
        <div part="group" class="group" role="group" aria-label=${this.msg.t('toolbar.tools')}>${this.toolButtons('navigation')}</div>
        <div part="group" class="group measure" role="group" aria-label=${this.msg.t('toolbar.measurements')}>${this.toolButtons('annotation')}</div>
        <div part="group" class="group" role="group" aria-label=${this.msg.t('toolbar.window')}>
          ${this.presetPicker()}
          ${this.button({ part: 'invert', label: this.msg.t('toolbar.invert'), icon: 'invert', pressed: target?.invert ?? false, onClick: () => this.run({ kind: 'invert' }) })}
        </div>
        <div part="group" class="group" role="group" aria-label=${this.msg.t('toolbar.orientation')}>
          ${this.button({ part: 'rotate', label: this.msg.t('toolbar.rotateLeft'), icon: 'rotate-left', onClick: () => this.run({ kind: 'rotate', degrees: -90 }), extra: { control: 'rotate-left' } })}
          ${this.button({ part: 'rotate', label: this.msg.t('toolbar.rotateRight'), icon: 'rotate-right', onClick: () => this.run({ kind: 'rotate', degrees: 90 }), extra: { control: 'rotate-right' } })}
          ${this.button({ part: 'flip', label: this.msg.t('toolbar.flipHorizontal'), icon: 'flip-horizontal', pressed: viewState?.flipHorizontal ?? false, onClick: () => this.run({ kind: 'flip', direction: 'horizontal' }), extra: { control: 'flip-horizontal' } })}
          ${this.button({ part: 'flip', label: this.msg.t('toolbar.flipVertical'), icon: 'flip-vertical', pressed: viewState?.flipVertical ?? false, onClick: () => this.run({ kind: 'flip', direction: 'vertical' }), extra: { control: 'flip-vertical' } })}
          ${this.button({ part: 'reset', label: this.msg.t('toolbar.reset'), icon: 'reset', onClick: () => this.run({ kind: 'reset' }) })}
        </div>
        <div part="group" class="group" role="group" aria-label=${this.msg.t('toolbar.cine')}>
          ${this.button({ part: 'cine', label: this.msg.t('toolbar.playCine'), icon: target?.playing ? 'pause' : 'play', pressed: target?.playing ?? false, onClick: () => this.run({ kind: 'cine' }) })}
          ${this.speedPicker()}
        </div>
        ${viewer ? this.viewerControls(viewer) : nothing}
        <div part="group" class="group" role="group" aria-label=${this.msg.t('toolbar.help')}>
          <button
            part="button help-button"
            type="button"
            aria-label=${this.msg.t('toolbar.keyboardShortcuts')}
            title=${this.msg.t('toolbar.keyboardShortcuts')}
            aria-expanded=${String(this.helpOpen)}
            aria-controls="help"
            data-control="help"
            @click=${() => this.toggleHelp()}
            @keydown=${(event: KeyboardEvent) => {
              if (event.key === 'Escape' && this.helpOpen) void this.toggleHelp(false);
            }}
          >
            ${icon('help')}<span part="label" class="label">${this.msg.t('toolbar.shortcuts')}</span>
          </button>
        </div>
      </div>
      ${this.helpPanel()}`;
  }
}
