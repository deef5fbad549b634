import { html, LitElement, nothing, svg, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styleMap } from 'lit/directives/style-map.js';
import { Task } from '@lit/task';
import { ContextProvider } from '@lit/context';
import { stringOf, type DicomJsonDataset } from '../../dicomweb/dicom-json.js';
import { imageSeriesInOrder } from '../../dicomweb/series-choice.js';
import { errorDetailOf } from '../shared/error-detail.js';
import type { DicomwebSource } from '../../dicomweb/source.js';
import { ImagingContext } from '../../imaging/imaging-context.js';
import { DicomwebSourceHolder } from '../shared/dicomweb-source-holder.js';
import { imagingContextKey } from '../shared/imaging-context-key.js';
import { toolGroupKey } from '../shared/tool-group-key.js';
import { loadViewportEngine } from '../viewport/load-viewport-engine.js';
import type { DicomViewport } from '../viewport/viewport.component.js';
import { DicomErrorEvent } from '../../events/error.js';
import { DicomActiveViewportChangeEvent } from '../../events/active-viewport-change.js';
import { DicomActiveViewportAppliedEvent } from '../../events/active-viewport-applied.js';
import { DicomLayoutChangeEvent } from '../../events/layout-change.js';
import { DicomLayoutAppliedEvent } from '../../events/layout-applied.js';
import { DicomSeriesSelectEvent } from '../../events/series-select.js';
import { DicomStudyLoadedEvent } from '../../events/study-loaded.js';
import type { DicomViewportChangedEvent } from '../../events/viewport-changed.js';
import { seriesOfStudy, studyOf } from '../series-browser/study-series.js';
import { draggedSeries, seriesDragType } from '../series-browser/series-drag.js';
import { ImagePlanes, ViewportSynchronizer } from '../../sync/viewport-synchronizer.js';
import { parseSync, type SyncKind } from '../../sync/sync-kinds.js';
import { referenceLineOf } from '../../sync/reference-line.js';
import { cellCount, layoutText, maxLayoutSide, parseLayout, relayout, type Layout } from './layout.js';
import { isMprLayout, mprCells, mprGrid, mprLayoutOf, mprOrientationAt, mprOrientations, MprCrosshairs, mprStyles, type MprLayoutName } from './mpr-layout.js';
import { defaultProtocol, type Hanging, type ViewerProtocol, type ViewportAssignment } from './protocol.js';
import { checkViewerState, type ViewerState } from './viewer-state.js';
import { viewerStyles } from './viewer.styles.js';
import type { Theme } from '../shared/theme.styles.js';
import { LocalizeController } from '../shared/localize-controller.js';
import type { Messages } from '../../i18n/messages-en.js';

export type { ViewerProtocol, Hanging, ViewportAssignment, ViewerState };

/** Options of `loadStudy()`. */
export interface LoadStudyOptions {
  /** SeriesInstanceUIDs of the study to show, one a viewport in grid order (instead of the protocol's choice). */
  series?: string[];
  /** StudyInstanceUIDs of the patient's other studies to show beside it (each its first image series). */
  priors?: string[];
}

/** A reference line on a viewport, in CSS pixels of its canvas. */
type CanvasSegment = [x1: number, y1: number, x2: number, y2: number];

function sameSegments(a: ReadonlyArray<CanvasSegment | undefined>, b: ReadonlyArray<CanvasSegment | undefined>): boolean {
  const length = Math.max(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const [x, y] = [a[index], b[index]];
    if (x === y) continue;
    if (!x || !y || x.some((value, at) => value !== y[at])) return false;
  }
  return true;
}

/**
 * @tag dicom-viewer
 * @summary One element for a whole study: a series browser, a toolbar, a grid of `<dicom-viewport>`s (any rows ×
 * columns) and the active viewport's measurements; slice position, window/level and zoom/pan synchronized between
 * viewports, and reference lines where the active viewport's slice cuts the others.
 *
 * The viewer provides its viewports one imaging context and one tool group (shared measurements), and frees both
 * when it leaves the page. The active viewport (last clicked or focused) is outlined and is the one the toolbar
 * and `activeViewport` refer to; a double-click or Enter on a viewport maximizes it, and again restores the grid.
 * Series go into viewports by a hanging protocol when a study opens (by default the image series by Series Number,
 * one a viewport; the `protocol` property gives a host's own), and by the series browser: a click or Enter shows a
 * series in the active viewport, a drag shows it in the viewport it is dropped on. A prior study opened in the
 * browser is shown beside the current one, its date on the viewport.
 *
 * Synchronization (`sync`): `position` shows in each other viewport the slice geometrically nearest the changed
 * viewport's (measured along the normal, for series in one Frame of Reference with parallel slices: series of
 * different slice thickness stay aligned); `voi` carries the window between series of one modality; `camera`
 * carries zoom and pan. Synchronized changes have the `synchronized` origin: the followers fire no
 * `dicom-viewport-changed`.
 *
 * @event {DicomStudyLoadedEvent} dicom-study-loaded - A study was opened and its series hung in the viewports.
 * @event {DicomSeriesSelectEvent} dicom-series-select - The user put a series in a viewport (series browser click, Enter or drop); `viewportIndex` says which.
 * @event {DicomLayoutChangeEvent} dicom-layout-change - The reader changed the grid (the toolbar's picker, a prior opened beside the study); not for the page's changes (attribute, property, `setLayout()`, `setState()`, a protocol).
 * @event {DicomActiveViewportChangeEvent} dicom-active-viewport-change - The reader made another viewport the active one (a click, focus by keyboard or pointer, a series put in it from the browser or dropped on it); not for the page's changes (`activate()`, `setState()`, a study hung).
 * @event {DicomErrorEvent} dicom-error - The study could not be opened, or a `layout` or `sync` value was refused (the previous one stays).
 *
 * @csspart base - The element's frame.
 * @csspart toolbar - The `<dicom-toolbar>`.
 * @csspart series-browser - The `<dicom-series-browser>`.
 * @csspart grid - The grid of viewports.
 * @csspart cell - A grid cell (also `cell-active` for the active one, `cell-maximized` for a maximized one).
 * @csspart viewport - Each `<dicom-viewport>`.
 * @csspart reference-line - A reference line drawn on a viewport.
 * @csspart prior-date - The date marked on a viewport that shows another study than the one opened.
 * @csspart measurements - The `<dicom-measurements>` of the active viewport.
 *
 * @cssproperty --dicom-viewer-background - Behind the viewports. Defaults to `--dicom-color-background`, black.
 * @cssproperty --dicom-viewer-gap - Space between viewports. Defaults to 2px.
 * @cssproperty --dicom-viewer-gap-color - Colour between viewports. Defaults to `--dicom-color-border`.
 * @cssproperty --dicom-viewer-active-color - The active viewport's outline. Defaults to `--dicom-color-accent`.
 * @cssproperty --dicom-viewer-reference-line-color - Reference lines. Defaults to `--dicom-color-reference-line`, yellow.
 * @cssproperty --dicom-viewer-prior-color - The date badge of a prior study. Defaults to `--dicom-color-warning`.
 * @cssproperty --dicom-viewer-series-browser-width - Defaults to 220px.
 * @cssproperty --dicom-viewer-measurements-width - Defaults to 260px.
 */
export class DicomViewer extends LitElement {
  static override styles = [viewerStyles, mprStyles];

  /** The palette: `light`, `dark`, or unset to follow the reader's `prefers-color-scheme` (in a viewer, the viewer's). */
  @property({ reflect: true }) theme: Theme = '';

  private readonly msg = new LocalizeController(this);

  /** Words for this element only (and the parts it shows), over its language's table: a partial `Messages`. */
  @property({ attribute: false }) messages?: Partial<Messages>;

  /** The DICOMweb service root. Ignored when `source` is set. */
  @property({ attribute: 'dicomweb-root' }) dicomwebRoot = '';

  /** StudyInstanceUID of the study to open (as `loadStudy(study)` does). */
  @property() study = '';

  /**
   * Rows x columns of the grid, such as `2x2` (each 1 to 6); `mpr` (the active series axial, sagittal and coronal) or
   * `mpr-3d` (the same and a volume rendering). A value that is none is refused (`dicom-error`) and the grid stays.
   */
  @property() layout = '1x1';

  /** The MPR layouts' crosshairs over their axial, sagittal and coronal viewports (mpr-layout.ts). */
  readonly crosshairs = new MprCrosshairs(this, { active: () => isMprLayout(this.layout), viewports: () => this.viewports.slice(0, mprOrientations.length) });

  /** What is synchronized between viewports, space-separated: `position`, `voi`, `camera`. */
  @property() sync = '';

  /** A host's hanging protocol: which series go into which viewports when a study opens (default: by Series Number). */
  @property({ attribute: false }) protocol?: ViewerProtocol;

  @property({ attribute: 'no-toolbar', type: Boolean }) noToolbar = false;
  @property({ attribute: 'no-series-browser', type: Boolean }) noSeriesBrowser = false;
  @property({ attribute: 'no-measurements', type: Boolean }) noMeasurements = false;
  @property({ attribute: 'no-reference-lines', type: Boolean }) noReferenceLines = false;

  /** What each viewport shows, in grid order. */
  @state() private cells: Array<ViewportAssignment | undefined> = [undefined];
  @state() private activeIndex = 0;
  @state() private maximizedIndex = -1;
  @state() private dropIndex = -1;
  @state() private openPriors: string[] = [];
  @state() private referenceLines: Array<CanvasSegment | undefined> = [];
  /** The StudyDate (DA) of each study shown that is not the one opened, for its badge ('' while unknown or undated). */
  @state() private studyDates = new Map<string, string>();

  private grid: Layout = { rows: 1, columns: 1 };
  private syncKinds = new Set<SyncKind>();
  private readonly sources = new DicomwebSourceHolder();
  private readonly imaging = new ImagingContext();
  private readonly toolGroupId = `dicom-viewer-${this.imaging.id}-tools`;
  private readonly planes = new ImagePlanes();
  private readonly synchronizer = new ViewportSynchronizer(this.planes);
  /** Set by loadStudy()/setState() for the next load: what to hang instead of the protocol's choice. */
  private requested?: { series?: string[]; priors?: string[]; hanging?: Hanging };
  /** Bumped to load the study again (loadStudy of the same study). */
  @state() private loadVersion = 0;
  private referenceLineFrame = 0;
  private resizeObserver?: ResizeObserver;
  private announced = { layout: '1x1', activeIndex: -1 };
  /** The next grid change is the reader's (pickLayout(), a prior opened beside): it fires `dicom-layout-change`. */
  private layoutByReader = false;
  /** The next change of the active viewport is the reader's (a click, focus, a series dropped): it fires `dicom-active-viewport-change`. */
  private activeByReader = false;

  private readonly loadTask = new Task(this, {
    args: () => [this.source, this.study, this.loadVersion] as const,
    task: async ([source, study], { signal }) => {
      const requested = this.requested;
      this.requested = undefined;
      if (!source || !study) return undefined;
      const series = await seriesOfStudy(source, study, signal);
      const priors = requested?.priors ?? [];
      const priorSeries = await Promise.all(priors.map((prior) => seriesOfStudy(source, prior, signal)));
      signal.throwIfAborted();
      this.hang(study, series, priors, priorSeries, requested);
      this.dispatchEvent(new DicomStudyLoadedEvent({ studyInstanceUid: study, series, priors: [...priors] }));
      return series;
    },
    onError: (error) => this.reportError(error),
  });

  constructor() {
    super();
    new ContextProvider(this, { context: imagingContextKey, initialValue: this.imaging });
    new ContextProvider(this, { context: toolGroupKey, initialValue: this.toolGroupId });
  }

  /** The DICOMweb source read by the viewer and its parts; made from `dicomweb-root` unless one is assigned. */
  get source(): DicomwebSource | undefined {
    return this.sources.sourceFor(this.dicomwebRoot);
  }

  set source(source: DicomwebSource | undefined) {
    const old = this.source;
    this.sources.assign(source);
    this.requestUpdate('source', old);
  }

  /** The imaging context the viewer gives its viewports (for `getImagingStats(viewer.imagingContext)`). */
  get imagingContext(): ImagingContext {
    return this.imaging;
  }

  /** The viewports of the grid, row by row. */
  get viewports(): DicomViewport[] {
    return [...this.renderRoot.querySelectorAll<DicomViewport>('.grid > .cell > dicom-viewport')];
  }

  /** The active viewport (last clicked or focused): the one a toolbar's commands go to. */
  get activeViewport(): DicomViewport | null {
    return this.viewports[this.activeIndex] ?? null;
  }

  /** Index of the active viewport in the grid. */
  get activeViewportIndex(): number {
    return this.activeIndex;
  }

  /** Index of the maximized viewport, or -1. */
  get maximizedViewportIndex(): number {
    return this.maximizedIndex;
  }

  /**
   * Opens a study (its series hung by the protocol, or `series` in grid order) and, with `priors`, the patient's
   * other studies beside it; the previous study's work is aborted. Resolves once the series are in the viewports.
   */
  async loadStudy(studyInstanceUid: string, options: LoadStudyOptions = {}): Promise<void> {
    if (typeof studyInstanceUid !== 'string' || !studyInstanceUid) throw new TypeError('loadStudy: a StudyInstanceUID string is needed');
    this.requested = { series: options.series ? [...options.series] : undefined, priors: options.priors ? [...options.priors] : undefined };
    this.study = studyInstanceUid;
    this.loadVersion += 1;
    await this.updateComplete;
    await this.loadTask.taskComplete;
    await this.updateComplete;
  }

  /** Sets the grid (`RxC`); throws a RangeError for a value that is none, changing nothing. */
  setLayout(layout: string): void {
    if (!isMprLayout(layout)) parseLayout(layout);
    this.layout = layout;
  }

  /** Shows a series in a viewport (the active one unless `viewportIndex` is given); no event. */
  showSeries(assignment: ViewportAssignment, viewportIndex = this.activeIndex): void {
    if (!Number.isInteger(viewportIndex) || viewportIndex < 0 || viewportIndex >= this.cells.length) {
      throw new RangeError(`showSeries: viewport ${viewportIndex} is not in layout ${this.layout}`);
    }
    const cells = [...this.cells];
    cells[viewportIndex] = { studyInstanceUid: assignment.studyInstanceUid, seriesInstanceUid: assignment.seriesInstanceUid };
    this.cells = cells;
  }

  /** The reader picked a layout (the toolbar's picker): as `layout`, and `dicom-layout-change` tells the page. */
  pickLayout(layout: string): void {
    if (!isMprLayout(layout)) parseLayout(layout);
    if (layout === this.layout) return;
    this.layoutByReader = true;
    this.layout = layout;
  }

  /** Makes a viewport the active one (the page's choice: no `dicom-active-viewport-change`). */
  activate(index: number): void {
    if (index >= 0 && index < this.cells.length) this.activeIndex = index;
  }

  /** The reader made a viewport the active one: as activate(), and `dicom-active-viewport-change` tells the page. */
  private activateByReader(index: number): void {
    if (index === this.activeIndex || index < 0 || index >= this.cells.length) return;
    this.activeByReader = true;
    this.activeIndex = index;
  }

  /** Maximizes a viewport (the active one unless given), or restores the grid when it is the maximized one. */
  toggleMaximize(index = this.activeIndex): void {
    this.maximizedIndex = this.maximizedIndex === index ? -1 : index;
  }

  /** The reading session: layout, sync, study and priors, each viewport's series and view; an MPR layout's crosshairs. */
  getState(): ViewerState {
    const viewports = this.viewports;
    const centre = isMprLayout(this.layout) ? this.crosshairs.centre : undefined;
    return {
      layout: this.layout,
      sync: [...this.syncKinds].join(' '),
      study: this.study,
      priors: [...this.openPriors],
      activeIndex: this.activeIndex,
      viewports: this.cells.map((cell, index) => {
        if (!cell) return null;
        const view = viewports[index]?.getViewportState();
        return { ...cell, ...(view ? { view } : {}) };
      }),
      ...(centre ? { crosshairs: { centre } } : {}),
    };
  }

  /**
   * Restores a session from `getState()`. The state is checked first: a malformed one throws (TypeError or
   * RangeError) and changes nothing. Resolves when the series are hung and each view is asked for.
   */
  async setState(value: ViewerState): Promise<void> {
    const state = checkViewerState(value);
    this.layout = state.layout;
    this.sync = state.sync;
    this.requested = { priors: state.priors, hanging: { layout: state.layout, viewports: state.viewports.map((viewport) => viewport ?? undefined) } };
    this.study = state.study;
    this.loadVersion += 1;
    await this.updateComplete;
    await this.loadTask.taskComplete;
    await this.updateComplete;
    this.activeIndex = state.activeIndex;
    const viewports = this.viewports;
    for (const [index, viewport] of state.viewports.entries()) {
      if (viewport?.view) viewports[index]?.setViewportState(viewport.view);
    }
    if (state.crosshairs) this.crosshairs.restore(state.crosshairs.centre);
    await this.updateComplete;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.scheduleReferenceLines());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    cancelAnimationFrame(this.referenceLineFrame);
    // The tool group goes with the viewer (and its measurements), once its viewports have left it; not when the
    // viewer is only moved in the page.
    void loadViewportEngine()
      .then((engine) => setTimeout(() => {
        if (!this.isConnected) engine.destroyToolGroup(this.toolGroupId);
      }))
      .catch(() => undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('layout')) this.applyLayout();
    if (changed.has('sync')) {
      const { kinds, unknown } = parseSync(this.sync);
      this.syncKinds = kinds;
      if (unknown.length > 0) this.refuse(`sync: unknown ${unknown.map((word) => `"${word}"`).join(', ')}; known are position, voi, camera`);
    }
    if (changed.has('study') && this.study !== changed.get('study')) this.openPriors = this.requested?.priors ? [...this.requested.priors] : [];
  }

  protected override firstUpdated(): void {
    const grid = this.renderRoot.querySelector('.grid');
    if (grid) this.resizeObserver?.observe(grid);
  }

  protected override updated(changed: PropertyValues): void {
    const layout = mprLayoutOf(this.layout) ?? layoutText(this.grid);
    if (layout !== this.announced.layout) {
      this.announced.layout = layout;
      this.dispatchEvent(new DicomLayoutAppliedEvent());
      if (this.layoutByReader) this.dispatchEvent(new DicomLayoutChangeEvent({ layout }));
    }
    this.layoutByReader = false;
    const viewport = this.activeViewport;
    if (viewport && this.activeIndex !== this.announced.activeIndex) {
      const first = this.announced.activeIndex === -1;
      this.announced.activeIndex = this.activeIndex;
      if (first) this.requestUpdate(); // the toolbar and the measurements learn the viewport now that it exists
      else {
        this.dispatchEvent(new DicomActiveViewportAppliedEvent());
        if (this.activeByReader) this.dispatchEvent(new DicomActiveViewportChangeEvent({ index: this.activeIndex, viewport }));
      }
    }
    this.activeByReader = false;
    if (changed.has('cells') || changed.has('activeIndex') || changed.has('maximizedIndex') || changed.has('noReferenceLines')) this.scheduleReferenceLines();
    if (changed.has('cells')) this.learnStudyDates();
  }

  protected override render() {
    const { rows, columns } = this.grid;
    const maximized = this.maximizedIndex >= 0 && this.maximizedIndex < this.cells.length;
    return html`
      <div part="base" class="base">
        ${this.noToolbar ? nothing : html`<dicom-toolbar part="toolbar" .viewer=${this}></dicom-toolbar>`}
        <div class="body">
          ${this.noSeriesBrowser
            ? nothing
            : html`<dicom-series-browser
                part="series-browser"
                .source=${this.source}
                study=${this.study}
                .openPriors=${this.openPriors}
                .shownSeries=${this.cells.flatMap((cell) => (cell ? [cell.seriesInstanceUid] : []))}
                @dicom-series-select=${this.onBrowserSelect}
              ></dicom-series-browser>`}
          <div
            part="grid"
            class=${maximized ? 'grid grid--maximized' : 'grid'}
            style=${styleMap({ gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))`, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` })}
            @dicom-viewport-changed=${this.onViewportChanged}
            @dicom-image-rendered=${this.onImageRendered}
            @dicom-view-presented=${this.onViewPresented}
          >
            ${this.cells.map((cell, index) => this.renderCell(cell, index))}
          </div>
          ${this.noMeasurements ? nothing : html`<dicom-measurements part="measurements" .viewport=${this.activeViewport ?? undefined}></dicom-measurements>`}
        </div>
      </div>
    `;
  }

  private renderCell(cell: ViewportAssignment | undefined, index: number) {
    const active = index === this.activeIndex;
    const maximized = index === this.maximizedIndex;
    const parts = ['cell', active ? 'cell-active' : '', maximized ? 'cell-maximized' : ''].filter(Boolean).join(' ');
    const classes = ['cell', active ? 'cell--active' : '', maximized ? 'cell--maximized' : '', index === this.dropIndex ? 'cell--drop' : ''].filter(Boolean).join(' ');
    const mpr = mprLayoutOf(this.layout);
    const line = this.noReferenceLines || mpr ? undefined : this.referenceLines[index];
    const priorDate = cell && this.study && cell.studyInstanceUid !== this.study ? this.studyDates.get(cell.studyInstanceUid) : undefined;
    return html`
      <div
        part=${parts}
        class=${classes}
        data-index=${index}
        @pointerdown=${{ handleEvent: () => this.activateByReader(index), capture: true }}
        @focusin=${() => this.activateByReader(index)}
        @dblclick=${() => this.toggleMaximize(index)}
        @keydown=${(event: KeyboardEvent) => this.onCellKey(event, index)}
        @dragover=${(event: DragEvent) => this.onDragOver(event, index)}
        @dragleave=${() => (this.dropIndex = -1)}
        @drop=${(event: DragEvent) => this.onDrop(event, index)}
      >
        <dicom-viewport
          part="viewport"
          exportparts="canvas, overlay, message"
          .source=${this.source}
          study=${cell?.studyInstanceUid ?? ''}
          series=${cell?.seriesInstanceUid ?? ''}
          orientation=${mpr ? mprOrientationAt(mpr, index) : ''}
        ></dicom-viewport>
        ${this.crosshairs.render(index)}
        ${line
          ? html`<svg class="reference-lines" aria-hidden="true">${svg`<line part="reference-line" x1=${line[0]} y1=${line[1]} x2=${line[2]} y2=${line[3]}></line>`}</svg>`
          : nothing}
        ${priorDate !== undefined ? html`<span part="prior-date" class="prior-date">${this.msg.format.date(priorDate) || this.msg.t('viewer.prior')}</span>` : nothing}
        <div class="active-ring"></div>
      </div>
    `;
  }

  /** Applies `layout`: the grid changes, keeping the active viewport's series; a value that is none is refused. */
  private applyLayout(): void {
    const mpr = mprLayoutOf(this.layout);
    if (mpr) return this.showMpr(mpr, this.cells[this.activeIndex] ?? this.cells.find(Boolean));
    let grid: Layout;
    try {
      grid = parseLayout(this.layout);
    } catch (error) {
      this.refuse((error as Error).message);
      this.layout = layoutText(this.grid);
      return;
    }
    const count = cellCount(grid);
    const { contents, activeIndex } = relayout(this.cells, this.activeIndex, count);
    this.grid = grid;
    this.cells = contents;
    this.activeIndex = activeIndex;
    if (this.maximizedIndex >= count) this.maximizedIndex = -1;
  }

  /** An MPR layout: `shown` in three planes (and a rendering under `mpr-3d`). */
  private showMpr(layout: MprLayoutName, shown: ViewportAssignment | undefined): void {
    this.layout = layout;
    this.grid = mprGrid(layout);
    this.cells = mprCells(layout, shown);
    this.activeIndex = 0;
    this.maximizedIndex = -1;
  }

  /** Puts the study's series (and the priors') into the viewports. */
  private hang(study: string, series: DicomJsonDataset[], priors: string[], priorSeries: DicomJsonDataset[][], requested: typeof this.requested): void {
    let hanging: Hanging;
    if (requested?.hanging) hanging = requested.hanging;
    else if (requested?.series) hanging = { viewports: requested.series.map((seriesInstanceUid) => ({ studyInstanceUid: study, seriesInstanceUid })) };
    else {
      const protocol = this.protocol ?? defaultProtocol;
      const own = priors.length > 0 ? 1 : cellCount(this.grid);
      hanging = protocol({ studyInstanceUid: study, series, layout: layoutText(this.grid), viewportCount: own });
    }
    const viewports = [...hanging.viewports];
    if (!requested?.hanging) {
      // Each prior beside the study: its first image series.
      for (const [index, prior] of priors.entries()) {
        const first = imageSeriesInOrder(priorSeries[index] ?? [])[0];
        if (first) viewports.push({ studyInstanceUid: prior, seriesInstanceUid: first });
      }
    }
    let layout = hanging.layout ?? this.layout;
    const mpr = mprLayoutOf(layout);
    if (mpr) {
      this.openPriors = [...priors];
      return this.showMpr(mpr, viewports[0]);
    }
    try {
      if (cellCount(parseLayout(layout)) < viewports.length) layout = `1x${Math.min(viewports.length, maxLayoutSide)}`;
    } catch (error) {
      this.refuse(`protocol: ${(error as Error).message}`);
      layout = this.layout;
    }
    const grid = parseLayout(layout);
    this.layout = layout;
    this.grid = grid;
    this.cells = Array.from({ length: cellCount(grid) }, (_, index) => viewports[index]);
    this.activeIndex = 0;
    this.maximizedIndex = -1;
    this.openPriors = [...priors];
  }

  private readonly onBrowserSelect = (event: DicomSeriesSelectEvent): void => {
    // Re-fired from the viewer with the viewport it went to.
    event.stopPropagation();
    const { studyInstanceUid, seriesInstanceUid, series, beside } = event.detail;
    let index = this.activeIndex;
    if (beside) {
      if (this.cells.length === 1) {
        this.layoutByReader = true;
        this.layout = '1x2';
      }
      index = this.besideIndex();
      if (!this.openPriors.includes(studyInstanceUid) && studyInstanceUid !== this.study) this.openPriors = [...this.openPriors, studyInstanceUid];
    }
    void this.updateComplete.then(() => {
      this.showSeries({ studyInstanceUid, seriesInstanceUid }, index);
      if (!beside) this.activateByReader(index);
      this.dispatchEvent(new DicomSeriesSelectEvent({ studyInstanceUid, seriesInstanceUid, series, viewportIndex: index, ...(beside ? { beside } : {}) }));
    });
  };

  /** Where a series shown beside the active one goes: the next viewport, or the one before the last. */
  private besideIndex(): number {
    const count = this.layout === '1x2' && this.cells.length === 1 ? 2 : this.cells.length;
    return this.activeIndex + 1 < count ? this.activeIndex + 1 : Math.max(0, this.activeIndex - 1);
  }

  private onCellKey(event: KeyboardEvent, index: number): void {
    // Not `defaultPrevented`: Cornerstone's keyboard listener prevents the default of every key on a viewport's
    // canvas, so that says nothing about whether the viewport used Enter (it has no Enter command).
    if (event.key !== 'Enter' || event.repeat || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    this.toggleMaximize(index);
  }

  private onDragOver(event: DragEvent, index: number): void {
    if (!event.dataTransfer?.types.includes(seriesDragType)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dropIndex = index;
  }

  private onDrop(event: DragEvent, index: number): void {
    this.dropIndex = -1;
    const series = draggedSeries(event.dataTransfer);
    if (!series) return;
    event.preventDefault();
    this.showSeries(series, index);
    this.activateByReader(index);
    this.dispatchEvent(new DicomSeriesSelectEvent({ ...series, viewportIndex: index }));
  }

  private readonly onViewportChanged = (event: DicomViewportChangedEvent): void => {
    const leader = event.target as DicomViewport;
    if (this.syncKinds.size > 0) this.synchronizer.changed(leader, event.detail, this.viewports, this.syncKinds);
    this.crosshairs.changed(leader, event.detail);
    this.scheduleReferenceLines();
  };

  private readonly onImageRendered = (event: Event): void => {
    this.synchronizer.note(event.target as DicomViewport);
    this.scheduleReferenceLines();
  };

  /** A viewport's camera or size changed, by anyone (a synchronizer, the page, a resize): its lines move with it. */
  private readonly onViewPresented = (): void => this.scheduleReferenceLines();

  /** Works the reference lines out on the next frame (once, however many changes came meanwhile). */
  private scheduleReferenceLines(): void {
    if (this.referenceLineFrame) return;
    this.referenceLineFrame = requestAnimationFrame(() => {
      this.referenceLineFrame = 0;
      // Only a line that moved renders the viewer again: while a synchronized stack scrolls in parallel planes
      // there are none, and each step would otherwise render the whole grid (and hand the series browser anew).
      const lines = this.computeReferenceLines();
      if (!sameSegments(lines, this.referenceLines)) this.referenceLines = lines;
    });
  }

  private computeReferenceLines(): Array<CanvasSegment | undefined> {
    const viewports = this.viewports;
    const active = viewports[this.activeIndex];
    if (!active || this.noReferenceLines || this.maximizedIndex >= 0) return [];
    const source = this.planes.shownBy(active);
    return viewports.map((viewport, index) => {
      if (index === this.activeIndex) return undefined;
      const segment = referenceLineOf(source, this.planes.shownBy(viewport));
      const from = segment && viewport.worldToCanvas(segment[0]);
      const to = segment && viewport.worldToCanvas(segment[1]);
      return from && to ? [from[0], from[1], to[0], to[1]] : undefined;
    });
  }

  /** The dates of the studies shown that are not the one opened, for their badges. */
  private learnStudyDates(): void {
    const source = this.source;
    if (!source) return;
    for (const cell of this.cells) {
      const uid = cell?.studyInstanceUid;
      if (!uid || uid === this.study || this.studyDates.has(uid)) continue;
      this.studyDates = new Map(this.studyDates).set(uid, '');
      void studyOf(source, uid)
        .then((study) => (this.studyDates = new Map(this.studyDates).set(uid, (study ? stringOf(study, 'StudyDate') : undefined)?.trim() ?? '')))
        .catch(() => undefined); // the badge then says "Prior"
    }
  }

  private refuse(message: string): void {
    this.dispatchEvent(new DicomErrorEvent({ kind: 'client', message }));
  }

  private reportError(error: unknown): void {
    if ((error as Error)?.name === 'AbortError') return;
    this.dispatchEvent(new DicomErrorEvent(errorDetailOf(error, this.msg.t)));
  }
}
