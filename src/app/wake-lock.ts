/**
 * Keeps the screen on while the app detects (Screen Wake Lock). The browser drops the lock whenever the page is
 * hidden; it is taken again when the page is visible and still wanted. Where the API is missing or refuses
 * (battery saver, no user activation), the app simply runs without it.
 */

interface WakeLockSentinelLike extends EventTarget {
  readonly released: boolean;
  release(): Promise<void>;
}

interface WakeLockLike {
  request(type: 'screen'): Promise<WakeLockSentinelLike>;
}

export class ScreenWakeLock extends EventTarget {
  private sentinel: WakeLockSentinelLike | null = null;
  private wanted = false;
  private acquiring: Promise<void> | null = null;
  /** Why the last request failed, if it did. */
  error: string | null = null;

  constructor(
    private readonly wakeLock: WakeLockLike | undefined = (navigator as Navigator & { wakeLock?: WakeLockLike })
      .wakeLock,
    private readonly doc: Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'> = document,
  ) {
    super();
    doc.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  get supported(): boolean {
    return !!this.wakeLock;
  }

  /** Whether the screen is held on now. */
  get active(): boolean {
    return !!this.sentinel && !this.sentinel.released;
  }

  /** Wants the lock (while detecting) or not; takes or releases it accordingly. */
  async set(wanted: boolean): Promise<void> {
    this.wanted = wanted;
    if (wanted) await this.acquire();
    else await this.release();
  }

  dispose(): void {
    this.doc.removeEventListener('visibilitychange', this.onVisibilityChange);
    void this.set(false);
  }

  private readonly onVisibilityChange = (): void => {
    // Hidden: the browser drops the lock (let it go here too, for browsers that don't). Visible again: take it
    // back if it is still wanted.
    if (this.doc.visibilityState === 'visible') {
      if (this.wanted) void this.acquire();
    } else {
      void this.drop();
    }
  };

  private acquire(): Promise<void> {
    if (!this.wakeLock || this.active || this.doc.visibilityState !== 'visible') return Promise.resolve();
    this.acquiring ??= (async () => {
      try {
        const sentinel = await this.wakeLock!.request('screen');
        this.error = null;
        if (!this.wanted) {
          await sentinel.release();
          return;
        }
        this.sentinel = sentinel;
        sentinel.addEventListener('release', () => {
          if (this.sentinel === sentinel) this.sentinel = null;
          this.dispatchEvent(new Event('change'));
        });
      } catch (error) {
        this.error = (error as Error).message;
      }
      this.dispatchEvent(new Event('change'));
    })().finally(() => (this.acquiring = null));
    return this.acquiring;
  }

  private async release(): Promise<void> {
    await this.acquiring;
    await this.drop();
  }

  private async drop(): Promise<void> {
    const sentinel = this.sentinel;
    this.sentinel = null;
    await sentinel?.release().catch(() => undefined);
    this.dispatchEvent(new Event('change'));
  }
}
