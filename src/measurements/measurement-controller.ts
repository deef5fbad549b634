// The measurements of one <dicom-viewport>: Cornerstone's annotations of its stack read back as JSON
// (measurement.ts), `dicom-measurement-added/-changed/-removed` once an edit ends, set and cleared by program, the
// keys that edit them (Delete, Escape, Ctrl+Z, Ctrl+Shift+Z), the text asked for an arrow or a label, the live
// read-out of the value under the cursor, the values shown beside each measurement (ours, not Cornerstone's:
// with the calibration they came from), and the study's measurement report (DICOM SR): the latest loaded once the
// first image is shown, a new one saved on request (measurement-reports.ts). Part of the engine chunk: it reaches
// Cornerstone.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { skippedContentMessage } from '../i18n/skipped-content-message.js';
import { cache, eventTarget, metaData, utilities, type StackViewport, type Types } from '@cornerstonejs/core';
import { annotation as annotationApi, AnnotationTool, Enums as ToolEnums, state as toolState, ToolGroupManager, type Types as ToolTypes } from '@cornerstonejs/tools';
import type { StackImages } from '../imaging/stack-frames.js';
import { readImageData } from '../imaging/image-readout.js';
import { stringOf, type DicomJsonDataset } from '../dicomweb/dicom-json.js';
import type { DicomwebSource } from '../dicomweb/source.js';
import { annotationToolNames, cornerstoneToolNameOf, registryNameOf } from '../tools/tool-registry.js';
import { DicomMeasurementAddedEvent } from '../events/measurement-added.js';
import { DicomMeasurementChangedEvent } from '../events/measurement-changed.js';
import { DicomMeasurementRemovedEvent } from '../events/measurement-removed.js';
import { DicomMeasurementsLoadedEvent } from '../events/measurements-loaded.js';
import { imageInfoOf, type ImageInfo } from './image-info.js';
import { checkMeasurements, describeMeasurement, formatValue, isMeasurementType, valueLines, type Measurement, type MeasurementType } from './measurement.js';
import { valueAt, type GreyImage } from './statistics.js';
import { MeasurementReports, type FoundReport, type SavedMeasurements } from './measurement-reports.js';
import type { ReportMeasurement } from './sr-report.js';
import type { ImagePoint } from './geometry.js';
import { dicomwebErrorMessage, type MessageKey, type MessageParams } from '../i18n/index.js';
import { separateTextBoxes } from '../tools/text-box-layout.js';
import { DicomwebError } from '../dicomweb/errors.js';

const { Events: ToolEvents } = ToolEnums;
/** Tools whose drawing takes more than one press: it waits between presses. */
const multiStepTypes = new Set<string>(['angle', 'cobb-angle']);
/** How long Cornerstone may hold a press back (its double-click tolerance, 400 ms), with a margin. */
const heldPressMs = 500;
/** Cornerstone's events of one mouse press, from the press it may hold back to its release. */
const pressEvents = [ToolEvents.MOUSE_DOWN, ToolEvents.MOUSE_DOWN_ACTIVATE, ToolEvents.MOUSE_DRAG, ToolEvents.MOUSE_UP, ToolEvents.MOUSE_CLICK];
const pressEnds = new Set<string>([ToolEvents.MOUSE_UP, ToolEvents.MOUSE_CLICK]);
/** The history entry that stands after a dropped drawing's: nothing to undo or redo. */
const droppedOperation = 'dicom-lightbox-dropped-drawing';
type Memo = utilities.HistoryMemo.Memo;
/** How long after a touch ends the mouse events a browser sends for it may come (where they are not marked). */
const compatMouseMs = 800;
type Annotation = ToolTypes.Annotation;
type Point3 = Types.Point3;
const labelToolName = cornerstoneToolNameOf('text');

/** What the controller reads of its viewport element. */
export interface MeasuredViewport {
  /** The Cornerstone viewport, once a stack is shown. */
  viewport(): StackViewport | undefined;
  /** The shown stack: image ids with their headers and frame numbers. */
  stack(): StackImages | undefined;
  /** The chosen tool (the `tool` attribute): the live read-out shows while it is `probe`. */
  tool(): string;
  scrollTo(imageIndex: number): void;
  /** The DICOMweb source the stack came from: reports are looked for and saved there. */
  source(): DicomwebSource | undefined;
  /** A message in the element's language (the value names drawn beside a measurement, the text field's name). */
  t(key: MessageKey, params?: MessageParams): string;
}

/** Where a measurement lies in the shown stack (`<dicom-measurements>` groups and names it by this). */
export interface MeasurementPlace {
  imageIndex: number;
  imageCount: number;
  seriesNumber?: string;
  seriesDescription?: string;
}

/**
 * What identifies a measurement's state for change events: not its statistics (they arrive with the pixels); its
 * being read-only is, since unlocking it makes it the reader's.
 */
function stateKey(measurement: Measurement): string {
  return JSON.stringify([measurement.type, measurement.label, measurement.points.image, Boolean(measurement.readOnly)]);
}

function annotationPoints(annotation: Annotation): Point3[] {
  const data = annotation.data as { handles?: { points?: Point3[] }; contour?: { polyline?: Point3[] } };
  const polyline = data.contour?.polyline;
  if (polyline && polyline.length > 0) return polyline;
  const points = data.handles?.points ?? [];
  // Cornerstone's label keeps its point twice and moves only the first: the label is that one point.
  return annotation.metadata?.toolName === labelToolName ? points.slice(0, 1) : points;
}

/** An image id from a Cornerstone measurement target (`imageId:<id>`, or a list of them). */
function imageIdOfTarget(target: unknown): string | undefined {
  const first = Array.isArray(target) ? target[0] : target;
  return typeof first === 'string' && first.startsWith('imageId:') ? first.slice('imageId:'.length) : undefined;
}

export class MeasurementController implements ReactiveController {
  /** The last state reported of each measurement of the shown stack, by id. */
  private reported = new Map<string, Measurement>();
  /** Measurements set by program for images of another series than the shown one: kept as given. */
  private elsewhere: Measurement[] = [];
  /** Measurements set before their stack was shown: applied when it is. */
  private pending?: Measurement[];
  private attachedTo?: HTMLDivElement;
  private shownStack?: StackImages;
  private readonly detachers: Array<() => void> = [];
  private readonly greyImages = new WeakMap<object, GreyImage | undefined>();
  private reconcileTimer?: ReturnType<typeof setTimeout>;
  /** While the reader types an arrow's or a label's text, the drawing is not finished. */
  private askingText = false;
  /** A button or a finger is down on the viewport. */
  private pressed = false;
  /** Escape was pressed during a touch under way: whatever that touch draws goes when it ends. */
  private pressCancelled = false;
  /**
   * Escape was pressed during a mouse press (at this time): Cornerstone's events of that press, which it may still
   * hold back to tell a click from a double click, never reach a tool, up to the press's release.
   */
  private mousePressCancelledAt?: number;
  /** Whether the press under way is a mouse's. */
  private pressIsMouse = false;
  /** Set when a dropped drawing's blank history entry is replayed (a redo steps over it). */
  private blankReplayed = false;
  /** An input began here that may have left Cornerstone's page-wide interaction flag set (see endInput). */
  private inputHere = false;
  /** When a finger last left the viewport (the mouse events a browser sends after a tap follow it). */
  private lastTouchEnd = -Infinity;
  /** When the press under way began. */
  private pressStart = 0;
  private readout?: HTMLDivElement;
  private readonly ids = new Set<string>();
  /** The study's reports: the one followed, and where the next one goes. */
  private readonly reports = new MeasurementReports();
  /** The study whose reports were looked for, and the search under way. */
  private reportsLookedFor?: string;
  private reportSearch?: AbortController;
  /** The header of each image of the stacks shown (by SOP Instance UID): a report names them. */
  private readonly headers = new Map<string, DicomJsonDataset>();
  /** New measurements whose text boxes are still to be moved off the others, once each (text-box-layout.ts). */
  private readonly textBoxesToLay = new Set<string>();
  /** Where the layout pinned a box, by id, until the reader drags it (then it is the reader's, never moved here). */
  private readonly layoutPins = new Map<string, Point3>();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly measured: MeasuredViewport,
  ) {
    host.addController(this);
    host.addEventListener('dicom-image-rendered', this.onImageShown);
    host.addEventListener('keydown', this.onKeyDown, { capture: true });
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    // The viewport goes (its controller frees it and its annotations with the tool group it owned).
    this.detach();
    clearTimeout(this.reconcileTimer);
  }

  // ----- public API (delegated to by the element) -----

  /** The shown stack's measurements, and those set for other images, as JSON. */
  get(): Measurement[] {
    return [...this.describeAll().values(), ...this.elsewhere, ...(this.pending ?? [])];
  }

  /**
   * Replaces the measurements with `measurements` (each checked first: one bad entry changes nothing). Those of the
   * shown stack appear at once; others are kept until their series is shown. No events: the page did it.
   */
  set(measurements: readonly Measurement[]): void {
    checkMeasurements(measurements);
    const copies = structuredClone(measurements) as Measurement[];
    this.removeAll();
    this.elsewhere = [];
    if (!this.shownStack || !this.measured.viewport()) this.pending = copies;
    else {
      this.pending = undefined;
      this.place(copies);
    }
    this.host.dispatchEvent(new Event('dicom-measurements-replaced'));
  }

  clear(): void {
    this.set([]);
  }

  /**
   * Saves the measurements (those of the shown stack and those kept for other series of its study) as a new DICOM
   * SR Measurement Report (TID 1500) on the stack's server.
   */
  async save(): Promise<SavedMeasurements> {
    const source = this.measured.source();
    if (!source) throw new Error('saveMeasurements(): the viewport has no DICOMweb source');
    const measurements = this.get();
    if (measurements.length === 0) throw new RangeError('saveMeasurements(): there are no measurements to save');
    return this.reports.save(source, measurements, (sopInstanceUid) => this.headers.get(sopInstanceUid));
  }

  /** Renames one measurement (its text, for an arrow or a label); reported as the reader's change. */
  rename(id: string, label: string): void {
    const annotation = annotationApi.state.getAnnotation(id);
    if (!annotation || !this.mine(annotation)) return;
    annotation.data.label = label;
    this.unlockAnnotation(annotation);
    this.renderAnnotations();
    this.reconcile();
  }

  /**
   * Makes a measurement loaded from a report (read-only) editable: the reader's own from now on, saved in the next
   * report. Reported as a change; one already editable stays as it is. Throws for an id that is no measurement here.
   */
  unlockMeasurement(id: string): void {
    const annotation = annotationApi.state.getAnnotation(id);
    if (annotation && this.mine(annotation)) {
      this.unlockAnnotation(annotation);
      this.renderAnnotations();
      this.reconcile();
      return;
    }
    // Kept for another series (or before the stack is shown): editable when it appears.
    const kept = [...this.elsewhere, ...(this.pending ?? [])].find((measurement) => measurement.id === id);
    if (!kept) throw new RangeError(`unlockMeasurement(): no measurement has the id ${JSON.stringify(id)}`);
    delete kept.readOnly;
  }

  /** Deletes one measurement; reported as the reader's change. */
  remove(id: string): void {
    const annotation = annotationApi.state.getAnnotation(id);
    if (!annotation || !this.mine(annotation)) return;
    annotationApi.state.removeAnnotation(id);
    this.renderAnnotations();
    this.reconcile();
  }

  /** Shows a measurement's image and selects it (the only one selected). */
  select(id: string): void {
    const annotation = annotationApi.state.getAnnotation(id);
    const index = annotation ? this.shownStack?.imageIds.indexOf(annotation.metadata!.referencedImageId ?? '') : -1;
    if (!annotation || index === undefined || index < 0) return;
    this.measured.scrollTo(index);
    annotationApi.selection.setAnnotationSelected(id, true, false);
    this.renderAnnotations();
  }

  /** Where a measurement lies: its image's stack position and series, when it is on the shown stack. */
  placeOf(id: string): MeasurementPlace | undefined {
    const annotation = annotationApi.state.getAnnotation(id);
    const stack = this.shownStack;
    const index = annotation && stack ? stack.imageIds.indexOf(annotation.metadata!.referencedImageId ?? '') : -1;
    if (!stack || index < 0) return undefined;
    const dataset = stack.datasets[index]!;
    return { imageIndex: index, imageCount: stack.imageIds.length, seriesNumber: stringOf(dataset, 'SeriesNumber'), seriesDescription: stringOf(dataset, 'SeriesDescription') };
  }

  /** The ids of the selected measurements. */
  selected(): string[] {
    return (annotationApi.selection.getAnnotationsSelected() ?? []).filter((id) => this.ids.has(id) || this.reported.has(id));
  }

  // ----- lifecycle -----

  private readonly onImageShown = (): void => {
    const viewport = this.measured.viewport();
    const stack = this.measured.stack();
    if (!viewport || !stack) return;
    if (this.attachedTo !== viewport.element) {
      this.detach();
      this.attach(viewport.element as HTMLDivElement);
    } else this.takeToolCallbacks();
    if (stack !== this.shownStack) {
      // Another series: its measurements are another set; those kept for it appear, the others wait.
      const kept = [...this.elsewhere, ...this.describeAll().values()];
      this.shownStack = stack;
      this.elsewhere = [];
      for (const dataset of stack.datasets) this.headers.set(stringOf(dataset, 'SOPInstanceUID') ?? '', dataset);
      this.place(this.pending ?? kept);
      this.pending = undefined;
      this.host.dispatchEvent(new Event('dicom-measurements-replaced'));
      // The first image is on screen: only now is the study's report looked for, so it never delays that image.
      const study = stringOf(stack.datasets[0] ?? {}, 'StudyInstanceUID');
      if (study && study !== this.reportsLookedFor) void this.loadLatestReport(study);
    }
  };

  /** Shows the study's latest measurement report, read-only until edited, beside what the viewport holds already. */
  private async loadLatestReport(studyInstanceUid: string): Promise<void> {
    const source = this.measured.source();
    if (!source) return;
    this.reportsLookedFor = studyInstanceUid;
    this.reportSearch?.abort();
    const search = (this.reportSearch = new AbortController());
    let found: FoundReport | undefined;
    try {
      found = await this.reports.findLatest(source, studyInstanceUid, search.signal);
    } catch (error) {
      if (search.signal.aborted) return;
      const t = this.measured.t.bind(this.measured);
      const reason = error instanceof DicomwebError ? dicomwebErrorMessage(error, t) : error instanceof Error ? error.message : String(error);
      this.host.dispatchEvent(new DicomMeasurementsLoadedEvent({ studyInstanceUid, seriesInstanceUid: '', sopInstanceUid: '', loaded: 0, skipped: [this.measured.t('measurements.reportUnreadable', { reason })] }));
      return;
    }
    const stack = this.shownStack;
    if (!found || search.signal.aborted || !stack || stringOf(stack.datasets[0] ?? {}, 'StudyInstanceUID') !== studyInstanceUid) return;
    // Measurements already here (the reader's, the page's, or this report's set again by the page) stay as they are.
    const present = new Set(this.get().map((measurement) => measurement.id));
    const measurements = found.measurements.filter((measurement) => !present.has(measurement.id)).map((measurement) => this.measurementOfReport(measurement, studyInstanceUid));
    this.place(measurements);
    this.host.dispatchEvent(new Event('dicom-measurements-replaced'));
    const { seriesInstanceUid, sopInstanceUid } = found;
    const skipped = found.skippedContent.map((content) => skippedContentMessage(content, this.measured.t));
    this.host.dispatchEvent(new DicomMeasurementsLoadedEvent({ studyInstanceUid, seriesInstanceUid, sopInstanceUid, loaded: measurements.length, skipped }));
  }

  /** A report's measurement as JSON: its values from its image's header when that is known (always, on the shown stack). */
  private measurementOfReport(measurement: ReportMeasurement, studyInstanceUid: string): Measurement {
    const { id, type, label, points, sopInstanceUid, frameNumber } = measurement;
    const header = this.headers.get(sopInstanceUid);
    if (header) {
      const imageId = this.imageIdOf(sopInstanceUid, frameNumber);
      return describeMeasurement({ id, type, label, points, readOnly: true }, imageInfoOf(header, frameNumber), imageId ? this.greyImage(imageId) : undefined);
    }
    return {
      id,
      type,
      label,
      image: { studyInstanceUid, seriesInstanceUid: '', sopInstanceUid, frameNumber },
      values: [],
      calibration: { kind: 'none', label: 'px', rowSpacing: 1, columnSpacing: 1 },
      points: { image: points, patient: null },
      readOnly: true,
    };
  }

  private imageIdOf(sopInstanceUid: string, frameNumber: number): string | undefined {
    const stack = this.shownStack;
    const index = stack?.datasets.findIndex((dataset, at) => stringOf(dataset, 'SOPInstanceUID') === sopInstanceUid && (stack.frameNumbers[at] ?? 1) === frameNumber) ?? -1;
    return index >= 0 ? stack!.imageIds[index] : undefined;
  }

  private attach(element: HTMLDivElement): void {
    this.attachedTo = element;
    const listen = (target: EventTarget, type: string, listener: (event: Event) => void, options?: AddEventListenerOptions) => {
      target.addEventListener(type, listener, options);
      this.detachers.push(() => target.removeEventListener(type, listener, options));
    };
    const soon = () => this.reconcileSoon();
    for (const type of [ToolEvents.ANNOTATION_COMPLETED, ToolEvents.ANNOTATION_REMOVED, ToolEvents.HISTORY_UNDO, ToolEvents.HISTORY_REDO]) listen(eventTarget, type, soon);
    // A press held back by Cornerstone and played after Escape cancelled it: what it draws goes at once.
    listen(eventTarget, ToolEvents.ANNOTATION_COMPLETED, () => {
      if (this.pressCancelled && !this.pressed) queueMicrotask(() => this.attachedTo === element && this.dropCancelledDrawing(element));
    });
    listen(element, 'pointerdown', (event) => {
      // A press cancelled long enough ago has been played by Cornerstone or dropped by it as half a double click.
      if (this.mousePressCancelledAt !== undefined && performance.now() - this.mousePressCancelledAt > heldPressMs) this.mousePressCancelledAt = undefined;
      this.pressIsMouse = (event as PointerEvent).pointerType === 'mouse';
      this.pressed = true;
      this.pressStart = performance.now();
      this.inputHere = true;
      this.takeToolCallbacks();
    }, { capture: true });
    const ended = () => {
      this.pressed = false;
      this.reconcileSoon();
      // After Cornerstone's own handlers of the same input (they listen on the document).
      setTimeout(() => this.endInput(element), 0);
    };
    for (const type of ['pointerup', 'pointercancel', 'touchend', 'touchcancel']) listen(element, type, ended);
    listen(element, 'touchend', () => (this.lastTouchEnd = performance.now()));
    // Before the tools' listeners on the same element (capture listeners at the target run first).
    for (const type of pressEvents) listen(element, type, this.swallowCancelledPress, { capture: true });
    // Before Cornerstone's own listener on the same element.
    listen(element, 'mousedown', (event) => this.dropTouchMouseDown(event as MouseEvent), { capture: true });
    // Once Cornerstone has drawn (and, after its event, cleared what it no longer draws), the text boxes are measured.
    listen(element, ToolEvents.ANNOTATION_RENDERED, () => queueMicrotask(() => this.attachedTo === element && this.layTextBoxes(element)));
    listen(element, 'pointermove', (event) => this.showReadout(event as PointerEvent));
    listen(element, 'pointerleave', () => this.hideReadout());
    this.takeToolCallbacks();
  }

  private detach(): void {
    for (const detach of this.detachers.splice(0)) detach();
    // An input under way on a viewport that goes (already disabled: no tool of it can be cancelled any more) would
    // hold the page's tools (see endInput) for good.
    if (this.inputHere && toolState.isInteractingWithTool) toolState.isInteractingWithTool = false;
    this.inputHere = false;
    this.pressed = false;
    this.pressCancelled = false;
    this.mousePressCancelledAt = undefined;
    this.reportSearch?.abort();
    this.reportSearch = undefined;
    this.reportsLookedFor = undefined;
    this.readout?.remove();
    this.readout = undefined;
    this.attachedTo = undefined;
    this.shownStack = undefined;
    this.reported.clear();
    this.ids.clear();
    this.textBoxesToLay.clear();
    this.layoutPins.clear();
  }

  /**
   * Moves the text boxes of new measurements (drawn, set or loaded) that are drawn now clear of the others, once each;
   * a box the reader has moved stays. Those not drawn yet (on another image) wait for their image.
   */
  private layTextBoxes(element: HTMLDivElement): void {
    if (this.textBoxesToLay.size === 0) return;
    const viewport = this.measured.viewport();
    if (!viewport) return;
    const present = new Map(this.annotations().map((annotation) => [annotation.annotationUID!, annotation]));
    for (const id of this.textBoxesToLay) if (!present.has(id)) this.textBoxesToLay.delete(id);
    const laying = [...this.textBoxesToLay].map((id) => present.get(id)!).filter((annotation) => !this.inProgress(annotation));
    if (laying.length === 0) return;
    const { done, moved, pinned } = separateTextBoxes(element, viewport, laying);
    for (const id of done) this.textBoxesToLay.delete(id);
    for (const [id, position] of pinned) this.layoutPins.set(id, position);
    if (moved.size > 0) this.renderAnnotations();
  }

  /**
   * After an edit of a measurement whose box the layout pinned (and the reader has not dragged), the box is laid out
   * again from where Cornerstone puts it beside the edited measurement: a pinned box would stay behind.
   */
  private relayEditedTextBoxes(ids: Iterable<string>): string[] {
    const relaid: string[] = [];
    for (const id of ids) {
      const pinned = this.layoutPins.get(id);
      if (!pinned) continue;
      this.layoutPins.delete(id);
      const textBox = (annotationApi.state.getAnnotation(id)?.data as { handles?: { textBox?: { hasMoved?: boolean; worldPosition?: Point3 } } } | undefined)?.handles?.textBox;
      const where = textBox?.worldPosition;
      if (!textBox || !where || where.some((value, axis) => Math.abs(value - pinned[axis]!) > 1e-6)) continue;
      textBox.hasMoved = false;
      relaid.push(id);
    }
    return relaid;
  }

  /** Lays out the text boxes of these new measurements at the next drawing. */
  private layTextBoxesOf(ids: Iterable<string>): void {
    let any = false;
    for (const id of ids) {
      this.textBoxesToLay.add(id);
      any = true;
    }
    if (any) this.renderAnnotations();
  }

  /**
   * Once an input on the viewport has ended (after Cornerstone's handlers). Cornerstone holds one flag for the page
   * while a tool draws or edits (`state.isInteractingWithTool`) and ignores every press and touch of every viewport
   * while it is set; some of its tools leave an edit begun by touch unfinished (a Cobb angle's handle, a freehand
   * outline tapped), so touch would stop working on the page. Cornerstone releases a tool held so for a two-finger
   * gesture by the tool's public `cancel` (cornerstone3D#2815, `releaseToolForMultiTouchGesture`); the same is done
   * here for this viewport's tool group when an input ends: only a drawing that waits for its next point (an angle's
   * third, a Cobb angle's second line, an arrow's or a label's text) goes on past it. A Cobb angle's `cancel` only
   * acts while it draws; if the flag is still set with no tool of the group drawing, nothing of ours is under way
   * and the flag (exported as public state) is cleared.
   */
  private endInput(element: HTMLDivElement): void {
    if (this.pressCancelled && !this.pressed) {
      // Cornerstone plays a press it held back (to tell a click from a double click) up to 400 ms after it began:
      // what that draws goes too.
      this.dropCancelledDrawing(element);
      this.pressCancelled = true;
      setTimeout(() => {
        if (this.attachedTo !== element || !this.pressCancelled || this.pressed) return;
        this.dropCancelledDrawing(element);
        this.reconcileSoon();
      }, Math.max(0, this.pressStart + heldPressMs - performance.now()));
    }
    if (!toolState.isInteractingWithTool || this.askingText || element !== this.attachedTo) return;
    const group = this.toolGroup();
    if (!group) return;
    const waiting = this.annotations().some((annotation) => !this.reported.has(annotation.annotationUID!) && multiStepTypes.has(registryNameOf(annotation.metadata!.toolName) ?? ''));
    if (waiting) return;
    const tools = this.groupTools();
    for (const tool of tools) if (tool.isDrawing) tool.cancel(element);
    if (toolState.isInteractingWithTool && !tools.some((tool) => tool.isDrawing)) toolState.isInteractingWithTool = false;
    this.inputHere = false;
    this.renderAnnotations();
    this.reconcileSoon();
  }

  /**
   * The browser follows a tap (and a short touch it takes for one) with mouse events. Cornerstone takes them for a
   * click of their own, 400 ms later (it holds a press back to tell a click from a double click): a second probe
   * where the finger was, or a new Cobb angle begun that waits for its lines and holds the page's tools. Touch has
   * been handled by then, so those presses are dropped, except while a drawing waits for its next point (an angle's
   * third is placed by that click).
   */
  private dropTouchMouseDown(event: MouseEvent): void {
    const fromTouch = (event as MouseEvent & { sourceCapabilities?: { firesTouchEvents?: boolean } }).sourceCapabilities?.firesTouchEvents ?? performance.now() - this.lastTouchEnd < compatMouseMs;
    if (!fromTouch) return;
    // The field asking for a label's text (opened by the tap) keeps the focus: the press would move it to the
    // viewport, and the field, left, would drop the label.
    if (this.askingText) event.preventDefault();
    const waiting = this.annotations().some((annotation) => !this.reported.has(annotation.annotationUID!) && multiStepTypes.has(registryNameOf(annotation.metadata!.toolName) ?? ''));
    if (!waiting) event.stopImmediatePropagation();
  }

  /** The measurement tools of this viewport's group. */
  private groupTools(): AnnotationTool[] {
    const group = this.toolGroup();
    if (!group) return [];
    return annotationToolNames.filter((name) => group.hasTool(cornerstoneToolNameOf(name))).map((name) => group.getToolInstance(cornerstoneToolNameOf(name)) as AnnotationTool);
  }

  /** Ends a drawing cancelled by Escape: its tool cancelled, and what it drew (never reported) removed. */
  private dropCancelledDrawing(element: HTMLDivElement): void {
    this.pressCancelled = false;
    // Taken before the tools are cancelled: some remove their drawing themselves (a Cobb angle's first line).
    const dropped = new Set(this.annotations().filter((annotation) => !this.reported.has(annotation.annotationUID!)).map((annotation) => annotation.annotationUID!));
    for (const tool of this.groupTools()) if (tool.isDrawing) tool.cancel(element);
    for (const id of dropped) if (annotationApi.state.getAnnotation(id)) annotationApi.state.removeAnnotation(id);
    this.forgetHistoryOf(dropped);
    this.renderAnnotations();
  }

  /**
   * Takes a dropped drawing out of the undo history. A tool records its drawing there as it goes (a Cobb angle once a
   * line, an arrow in a group it ends only once it has its text): left so, an open group would take in every later
   * edit of the page, and Ctrl+Z would meet the dropped drawing first (never reported here, so never undone) and undo
   * nothing any more. The group is ended, the drawing's entries (the last ones) are stepped back over, and a blank
   * entry after them takes away their redo, which would bring the drawing back.
   */
  private forgetHistoryOf(ids: ReadonlySet<string>): void {
    const history = utilities.HistoryMemo.DefaultHistoryMemo;
    history.endGroupRecording();
    if (ids.size === 0) return;
    const droppedOnly = (item: Memo | Memo[]) => [item].flat().every((memo) => memo.operationType === droppedOperation || (memo.id !== undefined && ids.has(memo.id)));
    let steppedBack = false;
    while (history.undoIf(droppedOnly)) steppedBack = true;
    if (!steppedBack) return;
    history.push({
      restoreMemo: (undo?: boolean) => {
        if (!undo) this.blankReplayed = true;
      },
      operationType: droppedOperation,
    });
  }

  /** Cornerstone's events of a mouse press cancelled by Escape go to no tool, up to and with the press's release. */
  private readonly swallowCancelledPress = (event: Event): void => {
    if (this.mousePressCancelledAt === undefined) return;
    event.stopImmediatePropagation();
    event.preventDefault();
    if (pressEnds.has(event.type)) {
      this.mousePressCancelledAt = undefined;
      this.reconcileSoon();
    }
  };

  // ----- reading annotations -----

  private scope(): string | undefined {
    return this.attachedTo?.dataset.annotationScope;
  }

  /** This viewport's annotations: of its scope (its tool group), on its stack's images, drawn by our tools. */
  private annotations(): Annotation[] {
    const element = this.attachedTo;
    const stack = this.shownStack;
    if (!element || !stack) return [];
    const imageIds = new Set(stack.imageIds);
    const result: Annotation[] = [];
    for (const name of annotationToolNames) {
      const annotations = (annotationApi.state.getAnnotations(cornerstoneToolNameOf(name), element) ?? []) as Annotation[];
      for (const annotation of annotations) {
        if (imageIds.has(annotation.metadata!.referencedImageId ?? '')) result.push(annotation);
      }
    }
    return result;
  }

  private mine(annotation: Annotation): boolean {
    return this.annotations().includes(annotation);
  }

  /** Whether this annotation is still being drawn (never reported, its tool drawing): its state is not final yet. */
  private inProgress(annotation: Annotation): boolean {
    if (this.reported.has(annotation.annotationUID!)) return false;
    const group = this.toolGroup();
    const tool = group?.hasTool(annotation.metadata!.toolName) ? (group.getToolInstance(annotation.metadata!.toolName) as AnnotationTool) : undefined;
    return Boolean(tool?.isDrawing);
  }

  private imageInfo(imageId: string): ImageInfo | undefined {
    const stack = this.shownStack;
    const index = stack?.imageIds.indexOf(imageId) ?? -1;
    if (!stack || index < 0) return undefined;
    return imageInfoOf(stack.datasets[index]!, stack.frameNumbers[index]);
  }

  /** The image's modality values when it is decoded (cached), else undefined. */
  private greyImage(imageId: string): GreyImage | undefined {
    const image = cache.getImage(imageId) as Types.IImage | undefined;
    if (!image) return undefined;
    if (!this.greyImages.has(image)) {
      const data = readImageData(image, '');
      this.greyImages.set(image, data && data.samplesPerPixel === 1 ? data : undefined);
    }
    return this.greyImages.get(image);
  }

  private imagePointsOf(annotation: Annotation): ImagePoint[] {
    const imageId = annotation.metadata!.referencedImageId!;
    return annotationPoints(annotation).map((point) => {
      const [x, y] = utilities.worldToImageCoords(imageId, point) as [number, number];
      return [x, y] as const;
    });
  }

  private describe(annotation: Annotation): Measurement | undefined {
    const type = registryNameOf(annotation.metadata!.toolName);
    const imageId = annotation.metadata!.referencedImageId;
    if (!isMeasurementType(type) || !imageId) return undefined;
    const info = this.imageInfo(imageId);
    if (!info) return undefined;
    const points = this.imagePointsOf(annotation);
    if (points.length === 0) return undefined;
    const readOnly = Boolean((annotation.data as { readOnly?: boolean }).readOnly);
    return describeMeasurement({ id: annotation.annotationUID!, type, label: String(annotation.data.label ?? ''), points, readOnly }, info, this.greyImage(imageId));
  }

  private describeAll(): Map<string, Measurement> {
    const result = new Map<string, Measurement>();
    for (const annotation of this.annotations()) {
      if (this.inProgress(annotation)) continue;
      const measurement = this.describe(annotation);
      if (measurement) result.set(measurement.id, measurement);
    }
    return result;
  }

  // ----- events -----

  private reconcileSoon(): void {
    // After Cornerstone's own handlers of the same input (they listen on the document) have finished.
    clearTimeout(this.reconcileTimer);
    this.reconcileTimer = setTimeout(() => this.reconcile(), 0);
  }

  /** Reports what changed since the last report: the end of a drawing, an edit, a deletion, an undo. */
  private reconcile(): void {
    if (this.askingText || !this.shownStack || this.pressCancelled) return;
    const current = this.describeAll();
    const events: Event[] = [];
    for (const [id, measurement] of current) {
      const before = this.reported.get(id);
      if (!before) events.push(new DicomMeasurementAddedEvent(measurement));
      else if (stateKey(before) !== stateKey(measurement)) events.push(new DicomMeasurementChangedEvent(measurement));
    }
    for (const [id, measurement] of this.reported) {
      if (!current.has(id)) events.push(new DicomMeasurementRemovedEvent(measurement));
    }
    // Drawn annotations still in progress keep their last report.
    for (const annotation of this.annotations()) {
      const id = annotation.annotationUID!;
      if (!current.has(id) && this.reported.has(id)) current.set(id, this.reported.get(id)!);
    }
    this.reported = current;
    for (const id of current.keys()) this.ids.add(id);
    const added = events.filter((event) => event instanceof DicomMeasurementAddedEvent).map((event) => (event as DicomMeasurementAddedEvent).detail.id);
    const changed = events.filter((event) => event instanceof DicomMeasurementChangedEvent).map((event) => (event as DicomMeasurementChangedEvent).detail.id);
    this.layTextBoxesOf([...added, ...this.relayEditedTextBoxes(changed)]);
    for (const event of events) this.host.dispatchEvent(event);
  }

  /** Takes the current state as reported, without events (a program set it). */
  private settle(): void {
    this.reported = this.describeAll();
    for (const id of this.reported.keys()) this.ids.add(id);
  }

  // ----- writing annotations -----

  private removeAll(): void {
    for (const annotation of this.annotations()) annotationApi.state.removeAnnotation(annotation.annotationUID!);
    this.reported.clear();
    this.renderAnnotations();
  }

  /** Makes annotations of the measurements on the shown stack; keeps the others. */
  private place(measurements: readonly Measurement[]): void {
    const stack = this.shownStack;
    const element = this.attachedTo;
    const viewport = this.measured.viewport();
    if (!stack || !element || !viewport) {
      this.pending = [...measurements];
      return;
    }
    const indexOf = new Map<string, number>();
    stack.datasets.forEach((dataset, index) => indexOf.set(`${stringOf(dataset, 'SOPInstanceUID')}|${stack.frameNumbers[index]}`, index));
    const camera = viewport.getCamera();
    for (const measurement of measurements) {
      const index = indexOf.get(`${measurement.image.sopInstanceUid}|${measurement.image.frameNumber ?? 1}`);
      if (index === undefined) {
        this.elsewhere.push(measurement);
        continue;
      }
      const imageId = stack.imageIds[index]!;
      annotationApi.state.addAnnotation(this.annotationOf(measurement, imageId, camera), element);
      this.textBoxesToLay.add(measurement.id);
    }
    this.settle();
    this.renderAnnotations();
  }

  private annotationOf(measurement: Measurement, imageId: string, camera: Types.ICamera): Annotation {
    const world = measurement.points.image.map((point) => utilities.imageToWorldCoords(imageId, point as unknown as Types.Point2) as Point3);
    const plane = metaData.get('imagePlaneModule', imageId) as { frameOfReferenceUID?: string } | undefined;
    const freehand = measurement.type === 'freehand-roi';
    const data: Record<string, unknown> = {
      label: measurement.label,
      handles: {
        points: freehand ? [] : world,
        activeHandleIndex: null,
        textBox: { hasMoved: false, worldPosition: [0, 0, 0], worldBoundingBox: { topLeft: [0, 0, 0], topRight: [0, 0, 0], bottomLeft: [0, 0, 0], bottomRight: [0, 0, 0] } },
      },
      cachedStats: {},
      ...(freehand ? { contour: { polyline: world, closed: true } } : {}),
      ...(measurement.readOnly ? { readOnly: true } : {}),
    };
    return {
      annotationUID: measurement.id,
      highlighted: false,
      invalidated: true,
      isLocked: Boolean(measurement.readOnly),
      isVisible: true,
      metadata: {
        toolName: cornerstoneToolNameOf(measurement.type),
        referencedImageId: imageId,
        FrameOfReferenceUID: plane?.frameOfReferenceUID ?? '',
        viewPlaneNormal: [...camera.viewPlaneNormal!] as Point3,
        viewUp: [...camera.viewUp!] as Point3,
      },
      data,
    } as unknown as Annotation;
  }

  private unlockAnnotation(annotation: Annotation): void {
    const data = annotation.data as { readOnly?: boolean };
    if (!data.readOnly) return;
    delete data.readOnly;
    annotationApi.locking.setAnnotationLocked(annotation.annotationUID!, false);
    // Placed locked on the annotation itself (annotationOf), which Cornerstone's unlock only clears for the ones it
    // locked itself.
    annotation.isLocked = false;
  }

  private renderAnnotations(): void {
    const viewport = this.measured.viewport();
    if (viewport) viewport.render();
  }

  private toolGroup() {
    const scope = this.scope();
    return scope ? ToolGroupManager.getToolGroup(scope) : undefined;
  }

  // ----- the tools' callbacks: our values beside each measurement, text asked in the viewport -----

  /**
   * Points the group's tools at this viewport: the values they show are ours (calibration beside the unit), and an
   * arrow's or a label's text is asked for here. A viewer's viewports share a group; whichever the reader is
   * drawing in answers.
   */
  private takeToolCallbacks(): void {
    const group = this.toolGroup();
    if (!group) return;
    for (const name of annotationToolNames) {
      // A measurement tool still on its way (its chunk) gets them on the next press.
      if (!group.hasTool(cornerstoneToolNameOf(name))) continue;
      const tool = group.getToolInstance(cornerstoneToolNameOf(name)) as { configuration: Record<string, unknown> } | undefined;
      if (!tool) continue;
      if (name === 'arrow' || name === 'text') {
        tool.configuration.getTextCallback = (done: (text: string) => void) => this.askText(done);
        tool.configuration.changeTextCallback = (data: { data?: { label?: string } }, _detail: unknown, done: (text: string) => void) => this.askText(done, data?.data?.label ?? '');
      } else {
        tool.configuration.getTextLines = (data: Annotation['data'], target: unknown) => this.textLines(name as MeasurementType, data, target);
      }
    }
  }

  private textLines(type: MeasurementType, data: Annotation['data'], target: unknown): string[] | undefined {
    const imageId = imageIdOfTarget(target);
    const info = imageId ? this.imageInfo(imageId) : undefined;
    if (!imageId || !info) return undefined;
    const points = annotationPoints({ data } as Annotation).map((point) => {
      const [x, y] = utilities.worldToImageCoords(imageId, point) as [number, number];
      return [x, y] as const;
    });
    if (points.length === 0) return undefined;
    const measurement = describeMeasurement({ id: '', type, label: String(data.label ?? ''), points }, info, this.greyImage(imageId));
    const lines = valueLines(measurement, (valueName) => this.measured.t(`measurements.value.${valueName}`));
    return measurement.label ? [measurement.label, ...lines] : lines;
  }

  /** Asks for a text in a field over the viewport: Enter keeps it, Escape (or leaving it empty) drops the drawing. */
  private askText(done: (text: string) => void, initial = ''): void {
    const element = this.attachedTo;
    if (!element) {
      done(initial);
      return;
    }
    this.askingText = true;
    const field = document.createElement('input');
    field.type = 'text';
    field.value = initial;
    field.setAttribute('aria-label', this.measured.t('measurements.annotationText'));
    field.className = 'measurement-text';
    Object.assign(field.style, { position: 'absolute', left: '50%', top: '50%', transform: 'translate(-50%, -50%)', zIndex: '3', font: 'inherit', minWidth: '12em' });
    let finished = false;
    const finish = (text: string) => {
      if (finished) return;
      finished = true;
      field.remove();
      this.askingText = false;
      const drawing = this.annotations().filter((annotation) => !this.reported.has(annotation.annotationUID!)).map((annotation) => annotation.annotationUID!);
      done(text);
      this.endTextDrawing();
      // No text: the tool dropped its drawing.
      const present = new Set(this.annotations().map((annotation) => annotation.annotationUID!));
      this.forgetHistoryOf(new Set(drawing.filter((id) => !present.has(id))));
      this.renderAnnotations();
      this.reconcileSoon();
      (element as HTMLElement).focus?.();
    };
    field.addEventListener('keydown', (event) => {
      event.stopPropagation();
      if (event.key === 'Enter') finish(field.value.trim());
      else if (event.key === 'Escape') finish(initial);
    });
    field.addEventListener('blur', () => finish(field.value.trim()));
    element.append(field);
    field.focus();
  }

  /**
   * Cornerstone's label tool expects its text synchronously (from prompt()) and ends its drawing only through that:
   * with the text given later, the drawing is ended here once the text is in.
   */
  private endTextDrawing(): void {
    const group = this.toolGroup();
    const tool = group?.hasTool(cornerstoneToolNameOf('text')) ? (group.getToolInstance(cornerstoneToolNameOf('text')) as AnnotationTool & { editData?: unknown }) : undefined;
    if (tool?.isDrawing) {
      tool.isDrawing = false;
      tool.editData = null;
    }
    // The drawing's history entry is in already; the tool lets go of it only when an edit of its ends, and until
    // then records none for its next label.
    tool?.doneEditMemo();
  }

  /** The value under the cursor while the probe is the chosen tool. */
  private showReadout(event: PointerEvent): void {
    const viewport = this.measured.viewport();
    const element = this.attachedTo;
    if (this.measured.tool() !== 'probe' || !viewport || !element) {
      this.hideReadout();
      return;
    }
    const imageId = viewport.getCurrentImageId();
    const info = imageId ? this.imageInfo(imageId) : undefined;
    const grey = imageId ? this.greyImage(imageId) : undefined;
    if (!imageId || !info || !grey) return this.hideReadout();
    const rect = element.getBoundingClientRect();
    const world = viewport.canvasToWorld([event.clientX - rect.left, event.clientY - rect.top]);
    if (!world) return this.hideReadout();
    const [x, y] = utilities.worldToImageCoords(imageId, world) as [number, number];
    const value = valueAt(grey, [x, y]);
    if (value === undefined) return this.hideReadout();
    if (!this.readout) {
      this.readout = document.createElement('div');
      this.readout.className = 'probe-readout';
      this.readout.setAttribute('role', 'status');
      Object.assign(this.readout.style, { position: 'absolute', left: '0.5em', bottom: '3.5em', zIndex: '2', pointerEvents: 'none', font: 'inherit', color: 'inherit', background: 'rgba(0,0,0,0.6)', padding: '0 0.3em' });
      element.append(this.readout);
    }
    this.readout.hidden = false;
    this.readout.textContent = `(${Math.floor(x)}, ${Math.floor(y)}): ${formatValue({ name: 'value', value, unit: info.valueUnit, display: info.valueUnit })}`;
  }

  private hideReadout(): void {
    if (this.readout) this.readout.hidden = true;
  }

  // ----- keys -----

  /** Delete removes the selected measurements, Escape cancels a drawing, Ctrl+Z undoes and Ctrl+Shift+Z redoes. */
  private readonly onKeyDown = (event: KeyboardEvent): void => {
    const element = this.attachedTo;
    if (!element || event.target instanceof HTMLInputElement) return;
    const handled = this.runKey(event, element);
    if (!handled) return;
    event.preventDefault();
    event.stopImmediatePropagation();
  };

  private runKey(event: KeyboardEvent, element: HTMLDivElement): boolean {
    const ctrl = event.ctrlKey || event.metaKey;
    if (event.key === 'Delete' || event.key === 'Backspace') {
      const selected = this.selected().filter((id) => this.annotations().some((annotation) => annotation.annotationUID === id));
      if (selected.length === 0) return false;
      for (const id of selected) {
        const annotation = annotationApi.state.getAnnotation(id);
        if (annotation) this.removeWithMemo(annotation, element);
      }
      this.renderAnnotations();
      this.reconcile();
      return true;
    }
    if (event.key === 'Escape') {
      // Only while a drawing is under way (or a press that may begin one: Cornerstone holds a press back until the
      // pointer moves or is released, to tell it from a double click); otherwise Escape is the viewport's (reset).
      const drawing = this.groupTools().some((tool) => tool.isDrawing) || this.annotations().some((annotation) => !this.reported.has(annotation.annotationUID!));
      if (!drawing && !this.pressed) return false;
      this.dropCancelledDrawing(element);
      // A mouse press under way: its events go nowhere up to its release (swallowCancelledPress), whenever
      // Cornerstone plays them. A touch under way: what it draws until it ends goes too (endInput).
      if (this.pressed && this.pressIsMouse) this.mousePressCancelledAt = performance.now();
      else if (this.pressed) this.pressCancelled = true;
      this.reconcileSoon();
      return true;
    }
    if (ctrl && (event.key === 'z' || event.key === 'Z')) {
      const history = utilities.HistoryMemo.DefaultHistoryMemo;
      // Cornerstone keeps one history for the page: only an edit of this viewport's measurements is undone here.
      const blank = (item: Memo | Memo[]) => [item].flat().every((memo) => memo.operationType === droppedOperation);
      if (event.shiftKey) {
        // Over the entries of dropped drawings, to the next edit.
        do {
          this.blankReplayed = false;
          history.redo();
        } while (this.blankReplayed && history.canRedo);
      } else {
        while (history.undoIf(blank));
        history.undoIf((item) => [item].flat().every((memo) => memo.id === undefined || this.reported.has(memo.id) || this.ids.has(memo.id)));
      }
      this.renderAnnotations();
      this.reconcileSoon();
      return true;
    }
    return false;
  }

  /** Removes an annotation as the reader's edit, undoable. */
  private removeWithMemo(annotation: Annotation, element: HTMLDivElement): void {
    AnnotationTool.createAnnotationMemo(element, annotation, { deleting: true });
    annotationApi.state.removeAnnotation(annotation.annotationUID!);
  }
}
