import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { Task, TaskStatus } from '@lit/task';
import { DicomwebError } from '../../dicomweb/errors.js';
import { DicomwebSource } from '../../dicomweb/source.js';
import { initImaging } from '../../imaging/init.js';
import { registerStackImages } from '../../imaging/stack-images.js';
import { useSourceForImages } from '../../imaging/request-authorization.js';
import type { ImageFailure } from '../../imaging/image-failure.js';
import { DicomErrorEvent, type DicomErrorDetail } from '../../events/error.js';
import { DicomImageRenderedEvent } from '../../events/image-rendered.js';
import { DicomLoadProgressEvent } from '../../events/load-progress.js';
import { DicomViewportChangedEvent } from '../../events/viewport-changed.js';
import { StackViewportController, type VoiWindow } from './stack-viewport-controller.js';
import { viewportStyles } from './viewport.styles.js';

/**
 * @tag dicom-viewport
 * @summary One viewport showing a DICOM series from a DICOMweb server as a stack: wheel to scroll, left drag for
 * window/level, right drag to zoom, middle drag to pan.
 *
 * @event {DicomImageRenderedEvent} dicom-image-rendered - A new image of the stack is on screen.
 * @event {DicomLoadProgressEvent} dicom-load-progress - Another image of the series was loaded (or failed).
 * @event {DicomViewportChangedEvent} dicom-viewport-changed - The user changed window/level or the shown image.
 * @event {DicomErrorEvent} dicom-error - The series or one of its images could not be loaded or decoded.
 *
 * @csspart base - The element's frame.
 * @csspart canvas - The rendering surface (Cornerstone draws into it).
 * @csspart overlay - The text overlays (image number, window/level).
 * @csspart progress - The loading bar along the top edge.
 * @csspart message - The centred loading or error message.
 *
 * @cssproperty --dicom-viewport-background - Behind the image. Defaults to `--dicom-color-background`, black.
 * @cssproperty --dicom-viewport-text-color - Overlay text. Defaults to `--dicom-color-overlay-text`.
 * @cssproperty --dicom-viewport-accent - Progress bar and focus ring. Defaults to `--dicom-color-accent`.
 * @cssproperty --dicom-viewport-error-background - Behind error messages.
 * @cssproperty --dicom-viewport-font - Overlay font.
 */
export class DicomViewport extends LitElement {
  static override styles = viewportStyles;

  /** The DICOMweb service root, e.g. `https://pacs.example/dicom-web` or `/dicom-web`. Ignored when `source` is set. */
  @property({ attribute: 'dicomweb-root' }) dicomwebRoot = '';

  /** StudyInstanceUID of the series to show. */
  @property() study = '';

  /** SeriesInstanceUID of the series to show. */
  @property() series = '';

  /** Window center of the VOI (PS3.3 C.11.2.1.2); reflects the header's until set, and follows user input. */
  @property({ attribute: 'window-center', type: Number }) windowCenter?: number;

  /** Window width of the VOI; reflects the header's until set, and follows user input. */
  @property({ attribute: 'window-width', type: Number }) windowWidth?: number;

  @state() private shownImageIndex = 0;
  @state() private imageTotal = 0;
  @state() private loadedCount = 0;
  @state() private failedCount = 0;
  private readonly failedImages = new Map<number, string>();

  @query('.canvas') private readonly container!: HTMLDivElement;

  private ownSource?: DicomwebSource;
  private assignedSource?: DicomwebSource;
  private releaseSource?: () => void;
  /** The VOI this element last wrote into its own properties (from the header or user input), to tell it from one set by the page. */
  private reflectedVoi?: VoiWindow;

  private readonly stack = new StackViewportController(this, {
    imageRequested: (imageIndex) => {
      this.shownImageIndex = imageIndex;
    },
    imageShown: (imageIndex, imageId) => this.onImageShown(imageIndex, imageId),
    voiChanged: (voi, byUser) => this.onVoiChanged(voi, byUser),
    imageSettled: (loaded, failed) => {
      this.loadedCount = loaded;
      this.failedCount = failed;
      this.dispatchEvent(new DicomLoadProgressEvent({ loaded, failed, total: this.imageTotal }));
    },
    imageFailed: (failure, imageIndex) => this.onImageFailed(failure, imageIndex),
  });

  private readonly stackTask = new Task(this, {
    args: () => [this.source, this.study, this.series] as const,
    task: async ([source, study, series], { signal }) => {
      this.resetStackState();
      if (!source || !study || !series) return 0;
      // Before any metadata is registered: the loader's start-up clears what it holds.
      await initImaging();
      const instances = await source.retrieveSeriesMetadata(study, series, { signal });
      signal.throwIfAborted();
      const imageIds = registerStackImages(source, study, series, instances);
      if (imageIds.length === 0) {
        throw new DicomwebError('not-found', 'The series has no images this viewer can show', source.seriesUrl(study, series));
      }
      this.imageTotal = imageIds.length;
      this.releaseSource?.();
      this.releaseSource = useSourceForImages(source);
      await this.updateComplete;
      await this.stack.show(this.container, imageIds, 0, signal);
      return imageIds.length;
    },
    onError: (error) => {
      if ((error as Error)?.name === 'AbortError') return;
      this.dispatchEvent(new DicomErrorEvent(errorDetail(error)));
    },
  });

  /**
   * The DICOMweb source the element reads from. Unless one is assigned, it is made from `dicomweb-root`; set its
   * `getAuthorization` to authorize requests.
   */
  get source(): DicomwebSource | undefined {
    if (this.assignedSource) return this.assignedSource;
    if (!this.dicomwebRoot) return undefined;
    if (!this.ownSource || this.ownSourceRoot !== this.dicomwebRoot) {
      this.ownSource = new DicomwebSource(this.dicomwebRoot);
      this.ownSourceRoot = this.dicomwebRoot;
    }
    return this.ownSource;
  }

  set source(source: DicomwebSource | undefined) {
    const old = this.source;
    this.assignedSource = source;
    this.requestUpdate('source', old);
  }

  private ownSourceRoot = '';

  /** Index (0-based) of the image on screen. */
  get imageIndex(): number {
    return this.shownImageIndex;
  }

  /** Number of images in the stack (frames of multi-frame instances count one each). */
  get imageCount(): number {
    return this.imageTotal;
  }

  /** Shows the image at `index` (0-based, clamped to the stack). */
  scrollToImage(index: number): void {
    this.stack.scrollTo(index);
  }

  /** Back to the initial camera and the header's window/level. */
  resetView(): void {
    this.reflectedVoi = undefined;
    this.stack.resetView();
    const voi = this.stack.currentVoi();
    if (voi) this.reflectVoi(voi);
  }

  /** Reloads the series (after a network failure, or an expired token was renewed). */
  reload(): void {
    void this.stackTask.run();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved in the page: the controller freed the viewport on disconnect, so show the series again.
    if (this.hasUpdated && this.stackTask.status !== TaskStatus.INITIAL) this.reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.releaseSource?.();
    this.releaseSource = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if ((changed.has('windowCenter') || changed.has('windowWidth')) && this.requestedVoi() && !this.isReflectedVoi()) {
      this.reflectedVoi = undefined;
      this.stack.applyVoi(this.requestedVoi()!);
    }
  }

  protected override render() {
    return html`
      <div part="base" class="base">
        <div
          part="canvas"
          class=${this.failedImages.has(this.shownImageIndex) ? 'canvas canvas--failed' : 'canvas'}
          tabindex="0"
          role="img"
          aria-label=${this.imageTotal ? `Image ${this.shownImageIndex + 1} of ${this.imageTotal}` : 'No image'}
          @contextmenu=${(event: Event) => event.preventDefault()}
        ></div>
        ${this.renderOverlays()} ${this.renderProgress()} ${this.renderMessage()}
      </div>
    `;
  }

  private renderOverlays() {
    if (!this.imageTotal) return nothing;
    const voi = this.requestedVoi();
    return html`
      <div part="overlay" class="overlay overlay--bottom-left">Im: ${this.shownImageIndex + 1} / ${this.imageTotal}</div>
      ${voi
        ? html`<div part="overlay" class="overlay overlay--bottom-right">
            W: ${Math.round(voi.windowWidth)} L: ${Math.round(voi.windowCenter)}
          </div>`
        : nothing}
    `;
  }

  private renderProgress() {
    const settled = this.loadedCount + this.failedCount;
    if (!this.imageTotal || settled >= this.imageTotal) return nothing;
    const percent = Math.round((100 * settled) / this.imageTotal);
    return html`<div
      part="progress"
      class="progress"
      role="progressbar"
      aria-label="Loading images"
      aria-valuemin="0"
      aria-valuemax=${this.imageTotal}
      aria-valuenow=${settled}
    >
      <div class="progress__bar" style="width: ${percent}%"></div>
    </div>`;
  }

  private renderMessage() {
    return this.stackTask.render({
      pending: () => html`<div part="message" class="message" role="status">Loading series…</div>`,
      error: (error) => html`<div part="message" class="message message--error" role="alert">${errorDetail(error).message}</div>`,
      complete: () => {
        const failure = this.failedImages.get(this.shownImageIndex);
        return failure
          ? html`<div part="message" class="message message--error" role="alert">
              Image ${this.shownImageIndex + 1} of ${this.imageTotal}: ${failure}
            </div>`
          : nothing;
      },
    });
  }

  private onImageShown(imageIndex: number, imageId: string): void {
    const first = !this.shownOnce;
    this.shownOnce = true;
    this.shownImageIndex = imageIndex;
    if (first) {
      const requested = this.requestedVoi();
      if (requested && !this.reflectedVoi) this.stack.applyVoi(requested);
      else {
        const voi = this.stack.currentVoi();
        if (voi) this.reflectVoi(voi);
      }
    }
    this.dispatchEvent(new DicomImageRenderedEvent({ imageIndex, imageCount: this.imageTotal, imageId }));
  }

  private shownOnce = false;

  private onVoiChanged(voi: VoiWindow, byUser: boolean): void {
    if (!byUser) return;
    this.reflectVoi(voi);
    this.dispatchEvent(new DicomViewportChangedEvent({ ...voi, imageIndex: this.shownImageIndex }));
  }

  private onImageFailed(failure: ImageFailure, imageIndex: number): void {
    this.failedImages.set(imageIndex, failure.message);
    this.requestUpdate();
    this.dispatchEvent(
      new DicomErrorEvent({ kind: failure.kind, message: failure.message, status: failure.status, url: failure.url, imageIndex }),
    );
  }

  private resetStackState(): void {
    this.shownImageIndex = 0;
    this.imageTotal = 0;
    this.loadedCount = 0;
    this.failedCount = 0;
    this.failedImages.clear();
    this.shownOnce = false;
    if (this.reflectedVoi) {
      // A VOI taken from the previous series' header must not carry over to the next series.
      this.reflectedVoi = undefined;
      this.windowCenter = undefined;
      this.windowWidth = undefined;
    }
  }

  private requestedVoi(): VoiWindow | undefined {
    if (this.windowCenter === undefined || this.windowWidth === undefined) return undefined;
    if (!Number.isFinite(this.windowCenter) || !Number.isFinite(this.windowWidth)) return undefined;
    return { windowCenter: this.windowCenter, windowWidth: this.windowWidth };
  }

  private isReflectedVoi(): boolean {
    return this.reflectedVoi?.windowCenter === this.windowCenter && this.reflectedVoi?.windowWidth === this.windowWidth;
  }

  private reflectVoi(voi: VoiWindow): void {
    this.reflectedVoi = voi;
    this.windowCenter = voi.windowCenter;
    this.windowWidth = voi.windowWidth;
  }
}

function errorDetail(error: unknown): DicomErrorDetail {
  if (error instanceof DicomwebError) {
    return { kind: error.kind, message: error.message, status: error.status, url: error.url };
  }
  return { kind: 'bad-response', message: error instanceof Error ? error.message : String(error) };
}
