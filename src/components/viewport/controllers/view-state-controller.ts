// Who changed the view: the reader (`user`), the page (`programmatic`: a property, a method) or a synchronizer
// (`synchronized`: another viewport's change carried over). Only the reader's changes fire `dicom-viewport-changed`.
// The element writes what the view shows back into its own properties (window, image index); this controller also
// remembers those writes, so that a property the page sets is told from one the element reflected. No Lit, no
// Cornerstone: the element and its viewport controller ask it.
import type { ViewportState } from '../../../events/viewport-changed.js';
import { sameVoiWindow, type VoiWindow } from '../../../dicom/voi-window.js';

export type ViewOrigin = 'user' | 'programmatic' | 'synchronized';

export class ViewStateController {
  /** The origin of the change running now (run()); Cornerstone's events meanwhile are its. */
  private running?: ViewOrigin;
  /** Images asked for by the page or a synchronizer, whose arrival is theirs, not the reader's. */
  private readonly scrollOrigins = new Map<number, ViewOrigin>();
  private lastRequestedIndex = -1;
  /** The state last reported, to report one change once (Cornerstone may signal it through several events). */
  private lastReported = '';
  private reflectedVoi?: VoiWindow;
  private reflectedImageIndex = 0;
  /** The window last put on screen (reflected, or set by the page): a different one at a series change is asked for it. */
  appliedVoi?: VoiWindow;

  /**
   * @param readState What the viewport shows now (undefined before its first image).
   * @param report Fires `dicom-viewport-changed` with it.
   */
  constructor(
    private readonly readState: () => ViewportState | undefined,
    private readonly report: (state: ViewportState) => void,
  ) {}

  /**
   * Runs a change of the view with its origin: what Cornerstone reports meanwhile is that origin's, and a change of
   * the reader's made of several steps (a reset: camera, window, invert) is reported once, when it is done.
   */
  run<T>(origin: ViewOrigin, change: () => T): T {
    const outer = this.running;
    this.running = origin;
    try {
      return change();
    } finally {
      this.running = outer;
      if (outer === undefined && this.reportWhenDone) {
        this.reportWhenDone = false;
        this.changed('user');
      }
    }
  }

  /** A change of the reader's happened inside run(): reported when the outermost run() ends. */
  private reportWhenDone = false;

  /** The origin of the change running now; undefined outside run() (a change Cornerstone's tools made: the reader's). */
  get origin(): ViewOrigin | undefined {
    return this.running;
  }

  /** An image about to be asked for by the page or a synchronizer: its arrival is not the reader's scroll. */
  expectScroll(imageIndex: number, origin: ViewOrigin): void {
    if (origin !== 'user') this.scrollOrigins.set(imageIndex, origin);
  }

  /**
   * Cornerstone asked for an image: its origin, or undefined when it repeats the last request (Cornerstone announces a
   * requested image more than once while it loads). `automatic`: cine or the series' opening asked for it.
   */
  imageRequested(imageIndex: number, automatic: boolean): ViewOrigin | undefined {
    if (imageIndex === this.lastRequestedIndex) return undefined;
    this.lastRequestedIndex = imageIndex;
    const expected = this.scrollOrigins.get(imageIndex);
    this.scrollOrigins.delete(imageIndex);
    return expected ?? (automatic ? 'programmatic' : 'user');
  }

  /** The view changed: a change of the reader's is reported, once for each new state. */
  changed(origin: ViewOrigin): void {
    if (origin !== 'user') return;
    if (this.running !== undefined) {
      this.reportWhenDone = true;
      return;
    }
    const state = this.readState();
    const key = JSON.stringify(state);
    if (!state || key === this.lastReported) return;
    this.lastReported = key;
    this.report(state);
  }

  /** The element wrote this window into its properties (from the header, the reader or a synchronizer). */
  reflectVoi(voi: VoiWindow): void {
    this.reflectedVoi = voi;
    this.appliedVoi = voi;
  }

  /** The page's window is the one to keep (set by a property): no reflected one stands. */
  forgetReflectedVoi(): void {
    this.reflectedVoi = undefined;
  }

  get hasReflectedVoi(): boolean {
    return this.reflectedVoi !== undefined;
  }

  /** Whether the window properties hold what the element wrote there (not a value the page set). */
  isReflectedVoi(windowCenter: number | undefined, windowWidth: number | undefined): boolean {
    return this.reflectedVoi !== undefined && sameVoiWindow(this.reflectedVoi, { windowCenter: windowCenter!, windowWidth: windowWidth! });
  }

  /** The element wrote this index into `imageIndex` (it follows scrolling). */
  reflectImageIndex(imageIndex: number): void {
    this.reflectedImageIndex = imageIndex;
  }

  /** Whether `imageIndex` holds what the element wrote there (not an index the page set). */
  isReflectedImageIndex(imageIndex: number): boolean {
    return imageIndex === this.reflectedImageIndex;
  }

  /** Another series: requests and expected scrolls are forgotten; `keepVoi` keeps a window the page set for it. */
  seriesChanged(keepVoi: boolean): void {
    this.scrollOrigins.clear();
    this.lastRequestedIndex = -1;
    if (!keepVoi) {
      this.reflectedVoi = undefined;
      this.appliedVoi = undefined;
    }
  }
}
