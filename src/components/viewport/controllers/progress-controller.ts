// A series' loading progress for its element: `dicom-load-progress` for each image loaded or failed, the bar drawn
// at most every `drawMs` (each redraw is a new frame for the page's compositor, and a frame an image took the CPU
// the images were loaded with), and the stall watchdog that ends a load nothing is going to end.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { DicomLoadProgressEvent } from '../../../events/load-progress.js';
import { progressTemplate } from '../overlays/overlay-templates.js';
import { StallWatchdog } from '../stall-watchdog.js';
import type { Translate } from '../../shared/localize-controller.js';

/**
 * How long loading may go on with no request outstanding and nothing happening before it counts as failed (ms):
 * a failure Cornerstone swallows (a metadata provider or a decoder that throws inside its promise chain, a worker
 * that never starts) would otherwise leave "Loading series…" for ever.
 */
export const stallMs = 15_000;

export class ProgressController implements ReactiveController {
  private total = 0;
  private settled = 0;
  /** The count the bar last drew. */
  private drawn = 0;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly watchdog: StallWatchdog;

  /**
   * @param onStalled Called when loading stalls.
   * @param stall How long loading may go on with no request outstanding and nothing happening before it stalls.
   */
  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    onStalled: () => void,
    stall = stallMs,
    private readonly drawMs = 250,
  ) {
    host.addController(this);
    this.watchdog = new StallWatchdog(stall, onStalled);
  }

  hostDisconnected(): void {
    this.watchdog.stop();
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** A series of `total` images starts loading (0: none). */
  reset(total = 0): void {
    this.total = total;
    this.settled = 0;
    this.drawn = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One more image settled: `loaded` and `failed` so far. */
  imageSettled(loaded: number, failed: number): void {
    this.watchdog.activity();
    this.settled = loaded + failed;
    this.host.dispatchEvent(new DicomLoadProgressEvent({ loaded, failed, total: this.total }));
    if (this.settled >= this.total) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.draw();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.draw();
    }, this.drawMs);
  }

  /** Watches for a stall until stopStallWatch(); `isWaiting` says whether a request under way may still end the wait. */
  watchForStall(isWaiting: () => boolean): void {
    this.watchdog.start(isWaiting);
  }

  /** Something happened (metadata arrived, a frame came, the engine started): the load is alive. */
  activity(): void {
    this.watchdog.activity();
  }

  stopStallWatch(): void {
    this.watchdog.stop();
  }

  render(t?: Translate) {
    return progressTemplate(this.drawn, this.total, t);
  }

  private draw(): void {
    if (this.drawn === this.settled) return;
    this.drawn = this.settled;
    this.host.requestUpdate();
  }
}
