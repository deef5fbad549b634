// Loading a series for a viewport element: the series to show (the one asked for, or a study's first with images),
// its metadata and palette data, its image ids in the element's imaging context, the retrieval of its frames, the
// engine chunk, and handing the stack to the viewport controller; aborted when another series is asked for, when the
// element leaves the page, or when it stalls.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task } from '@lit/task';
import { KeyedDicomwebError } from '../../shared/keyed-dicomweb-error.js';
import type { DicomwebSource } from '../../../dicomweb/source.js';
import { imageSeriesInOrder } from '../../../dicomweb/series-choice.js';
import type { ImagingContext } from '../../../imaging/imaging-context.js';
import { nativeFrameLengthOf, stackImagesOf, type StackImages } from '../../../imaging/stack-frames.js';
import { StackFrameRetrieval } from '../../../imaging/stack-frame-retrieval.js';
import { defaultCacheMb } from '../../../imaging/defaults.js';
import { needsPaletteBulkData, resolvePaletteBulkData } from '../../../imaging/palette-bulk-data.js';
import { loadViewportEngine, type ViewportEngineModule } from '../load-viewport-engine.js';
import type { StackViewportController } from '../stack-viewport-controller.js';
import type { ProgressController } from './progress-controller.js';

/** What the loading asks of its element. */
export interface SeriesLoadingParts {
  /** What to load: the source, the study and (optionally) the series. */
  args(): readonly [DicomwebSource | undefined, string, string];
  imaging(): ImagingContext;
  cacheMb(): number;
  progress: ProgressController;
  /** A load starts (or the element shows nothing): the element forgets the shown series. */
  starting(study: string, series: string): void;
  /** The series' images are known: the element takes them, and says at which index the stack opens. */
  stackKnown(stack: StackImages): number;
  /** The index to open at once the engine is there (the page may have asked for another meanwhile). */
  openingIndex(): number;
  /** The element's viewport controller, made with the engine. */
  viewport(engine: ViewportEngineModule): StackViewportController;
  container(): HTMLDivElement;
  /** Shows the stack another way (as a volume); true when it did, and the stack viewport stays empty. */
  showOtherwise?(stack: StackImages, container: HTMLDivElement, retrieval: StackFrameRetrieval, signal: AbortSignal): Promise<boolean>;
  /** Frees what showOtherwise showed. */
  releaseOtherwise?(): void;
  /** Where showOtherwise will want the frames first (a volume: its middle), if it is to show the stack. */
  otherwiseFocus?(imageCount: number): number | undefined;
}

export class SeriesLoadingController implements ReactiveController {
  /** The SeriesInstanceUID shown or loading: the one asked for, or the one chosen from the study. */
  chosenSeries = '';
  /** `study|series` of the load under way or shown. */
  key = '';
  /** The shown stack's frames being fetched (from the metadata's arrival on, before the engine is there). */
  private retrieval?: StackFrameRetrieval;
  /** Set once the engine chunk has loaded. */
  engineModule?: ViewportEngineModule;
  /** Whether a request the load waits for (its metadata, the engine chunk) is under way: waiting on it is no stall. */
  private awaitingRequest = false;
  private stallLoading?: () => void;
  private endLoadingAtFailure?: () => void;

  readonly task: Task<readonly [DicomwebSource | undefined, string, string], number>;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly parts: SeriesLoadingParts,
    onError: (error: unknown) => void,
  ) {
    host.addController(this);
    this.task = new Task(host, {
      args: () => parts.args(),
      task: ([source, study, series], { signal }) => this.load(source, study, series, signal),
      onError: (error) => {
        if ((error as Error)?.name !== 'AbortError') onError(error);
      },
    });
  }

  hostDisconnected(): void {
    this.cancelRetrieval();
  }

  /** Loads the engine chunk (once a page) and makes the element's viewport controller with it. */
  async loadEngineModule(): Promise<ViewportEngineModule> {
    const engine = (this.engineModule ??= await loadViewportEngine());
    this.parts.viewport(engine);
    return engine;
  }

  /**
   * Loading stalled: a load under way fails (true); after it, the caller decides (the stack was handed to
   * Cornerstone, which never drew it).
   */
  stall(): boolean {
    if (!this.stallLoading) return false;
    this.stallLoading();
    return true;
  }

  /** The first image failed: the load ends, its error on screen, the other images viewable. */
  firstImageFailed(): void {
    this.endLoadingAtFailure?.();
  }

  /** Stops fetching the shown series' frames. */
  cancelRetrieval(): void {
    this.retrieval?.cancel();
    this.retrieval = undefined;
  }

  /** Nothing of the shown series stays on screen or keeps loading. */
  release(viewport: StackViewportController | undefined): void {
    viewport?.releaseStack();
    this.parts.releaseOtherwise?.();
    this.cancelRetrieval();
  }

  private async load(source: DicomwebSource | undefined, study: string, series: string, signal: AbortSignal): Promise<number> {
    this.key = `${study}|${series}`;
    this.parts.starting(study, series);
    const { progress } = this.parts;
    progress.stopStallWatch();
    if (!source || !study) {
      this.release(this.viewportIfAny());
      this.setChosen('');
      return 0;
    }
    // A stall ends this load as a failure; the load's own steps see it as an abort, should they resume later.
    const stall = new AbortController();
    const stalled = new Promise<never>((_, reject) => {
      this.stallLoading = () => {
        stall.abort();
        reject(new KeyedDicomwebError('bad-response', 'viewport.error.loadingStopped', source.seriesUrl(study, series || this.chosenSeries)));
      };
    });
    stalled.catch(() => undefined);
    // Waiting on the network is no stall (requests end in an answer or an error), nor is a hidden page, which draws
    // nothing until shown; anything else is bounded. The watch lasts until the first image is on screen.
    progress.watchForStall(
      () => this.awaitingRequest || !this.engineModule || (this.retrieval?.requestsInFlight ?? 0) > 0 || document.visibilityState === 'hidden',
    );
    try {
      // The first image failing ends the load too: its own error is on screen and the others can be viewed.
      const firstImageFailed = new Promise<number>((resolve) => (this.endLoadingAtFailure = () => resolve(this.retrieval ? this.imageCountShown : 0)));
      return await Promise.race([this.loadStack(source, study, series, AbortSignal.any([signal, stall.signal])), stalled, firstImageFailed]);
    } catch (error) {
      progress.stopStallWatch();
      // Nothing of a series that failed stays on screen, and nothing of it keeps loading.
      if ((error as Error)?.name !== 'AbortError') this.release(this.viewportIfAny());
      throw error;
    } finally {
      this.stallLoading = undefined;
      this.endLoadingAtFailure = undefined;
      this.awaitingRequest = false;
    }
  }

  private imageCountShown = 0;

  private viewportIfAny(): StackViewportController | undefined {
    return this.engineModule ? this.parts.viewport(this.engineModule) : undefined;
  }

  private setChosen(series: string): void {
    if (series === this.chosenSeries) return;
    this.chosenSeries = series;
    this.host.requestUpdate();
  }

  /** The study's series that may hold images, the one to show first first (QIDO-RS); not found when it has none. */
  private async imageSeriesOf(source: DicomwebSource, study: string, signal: AbortSignal): Promise<string[]> {
    const series = imageSeriesInOrder(await source.searchForSeries(study, {}, { signal }));
    this.throwIfGone(signal);
    if (series.length === 0) throw new KeyedDicomwebError('not-found', 'viewport.error.noImageSeries', source.studyUrl(study));
    return series;
  }

  /** Loads a series' metadata and shows its first image (the one asked for, else the first of the stack). */
  private async loadStack(source: DicomwebSource, study: string, series: string, signal: AbortSignal): Promise<number> {
    const { progress } = this.parts;
    // Another series (or none): the old one's requests stop before the new one's metadata is asked for, and its
    // image leaves the screen.
    this.release(this.viewportIfAny());
    this.imageCountShown = 0;
    this.setChosen('');
    this.awaitingRequest = true;
    // A study given alone: its series in the order they are preferred, the next tried when one shows nothing.
    const candidates = series ? [series] : await this.imageSeriesOf(source, study, signal);
    // Three things overlap: the metadata request, the engine chunk's download and start-up (on first connection),
    // and, once the metadata is in, the frames, the first image's first (stack-frame-retrieval.ts).
    let metadata = source.retrieveSeriesMetadata(study, candidates[0]!, { signal });
    metadata.catch(() => undefined); // awaited below; not unhandled meanwhile
    const engineReady = this.loadEngineModule().then(async (engine) => {
      progress.activity();
      // Before any metadata is registered: the loader's start-up clears what it holds.
      await engine.startImaging();
      progress.activity();
      return engine;
    });
    engineReady.catch(() => undefined);
    let stackImages!: StackImages; // the loop ends with a stack of images, or throws
    for (const [at, candidate] of candidates.entries()) {
      this.setChosen(candidate);
      if (at > 0) metadata = source.retrieveSeriesMetadata(study, candidate, { signal });
      this.awaitingRequest = true;
      const instances = await metadata;
      this.awaitingRequest = false;
      progress.activity();
      this.throwIfGone(signal);
      this.awaitingRequest = true;
      for (const instance of instances) {
        if (needsPaletteBulkData(instance)) await resolvePaletteBulkData(source, instance, signal);
      }
      this.awaitingRequest = false;
      // Image ids of this element's context that name its source: its frames are fetched with its credentials.
      stackImages = this.parts.imaging().images.keyedStack(stackImagesOf(source, study, candidate, instances));
      if (stackImages.imageIds.length > 0) break;
      if (at === candidates.length - 1) {
        throw new KeyedDicomwebError('not-found', 'viewport.error.noShowableImages', source.seriesUrl(study, candidate));
      }
    }
    const { imageIds } = stackImages;
    this.imageCountShown = imageIds.length;
    const first = this.parts.stackKnown(stackImages);
    this.throwIfGone(signal);
    const cacheMb = this.parts.cacheMb();
    const retrieval = new StackFrameRetrieval(imageIds, stackImages.locations, {
      frameLengths: stackImages.datasets.map(nativeFrameLengthOf),
      // Frames wait here only until the engine decodes them; at most what the cache may hold.
      maxHeldBytes: Math.min(64, cacheMb > 0 ? cacheMb : defaultCacheMb) * 1024 * 1024,
      isLoaded: (imageId) => this.engineModule?.isImageCached(imageId) ?? false,
      registry: this.parts.imaging().images,
    });
    this.retrieval = retrieval;
    // A volume is first shown at its middle: its frames are fetched from there, not from the stack's opening image.
    retrieval.focus(this.parts.otherwiseFocus?.(imageIds.length) ?? first);
    retrieval.onActivity(() => progress.activity());
    const engine = await engineReady;
    this.throwIfGone(signal);
    await this.host.updateComplete;
    const container = this.parts.container();
    if (await this.parts.showOtherwise?.(stackImages, container, retrieval, signal)) return imageIds.length;
    engine.registerStackImages(this.parts.imaging(), stackImages);
    await this.parts.viewport(engine).show(container, imageIds, this.parts.openingIndex(), retrieval, signal);
    // Cornerstone's enableElement makes its element unreachable by Tab (tabIndex −1); the keys need it reachable.
    container.tabIndex = 0;
    return imageIds.length;
  }

  /**
   * Stops a series' loading that was switched away from, or whose element left the page while it waited (the task
   * is not aborted then; connecting again reloads): nothing is fetched or shown for an element not there.
   */
  private throwIfGone(signal: AbortSignal): void {
    signal.throwIfAborted();
    if (!this.host.isConnected) throw new DOMException('The element was removed from the page', 'AbortError');
  }
}
