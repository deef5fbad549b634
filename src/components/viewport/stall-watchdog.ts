// Ends a wait that nothing is going to end: when no request is outstanding and nothing has happened for a while,
// yet the awaited result (the first image) is not there, the wait has stalled.

export interface WatchdogClock {
  now(): number;
  /** Calls `check` every `ms` until the returned function is called. */
  every(ms: number, check: () => void): () => void;
}

const realClock: WatchdogClock = {
  now: () => performance.now(),
  every(ms, check) {
    const timer = setInterval(check, ms);
    return () => clearInterval(timer);
  },
};

export class StallWatchdog {
  private lastActivity = 0;
  private stopChecks?: () => void;
  private isWaiting: () => boolean = () => false;

  /**
   * @param quietMs How long nothing may happen, with no request outstanding, before the wait counts as stalled.
   * @param onStall Called once per start, when the wait stalls.
   */
  constructor(
    private readonly quietMs: number,
    private readonly onStall: () => void,
    private readonly clock: WatchdogClock = realClock,
  ) {}

  /** Starts watching; `isWaiting` says whether something outstanding (a request) may still end the wait. */
  start(isWaiting: () => boolean): void {
    this.stop();
    this.isWaiting = isWaiting;
    this.lastActivity = this.clock.now();
    this.stopChecks = this.clock.every(Math.max(1, Math.min(1000, this.quietMs / 4)), () => this.check());
  }

  /** Something happened (metadata arrived, a frame came, an image decoded): the wait is alive. */
  activity(): void {
    this.lastActivity = this.clock.now();
  }

  /** The wait ended (or was abandoned): no more checks. */
  stop(): void {
    this.stopChecks?.();
    this.stopChecks = undefined;
  }

  get watching(): boolean {
    return this.stopChecks !== undefined;
  }

  private check(): void {
    if (!this.watching) return;
    if (this.isWaiting()) {
      this.lastActivity = this.clock.now();
      return;
    }
    if (this.clock.now() - this.lastActivity < this.quietMs) return;
    this.stop();
    this.onStall();
  }
}
