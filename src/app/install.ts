/**
 * Installation: keeps the browser's `beforeinstallprompt` offer (Chromium) until the user presses Install, and
 * recognises iOS/iPadOS Safari, which installs only through Share → Add to Home Screen and needs saying so.
 * Importing this module starts listening, so import it early (src/main.ts does).
 */

/** Chromium's install offer (not in the DOM typings). */
export interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed'; platform: string }>;
}

export interface InstallState {
  /** The browser offers installation now: an Install button can call `promptInstall()`. */
  canPrompt: boolean;
  /** Running as an installed app (standalone window) or installed during this visit. */
  installed: boolean;
  /** iOS or iPadOS: installation is manual (Share → Add to Home Screen). */
  ios: boolean;
}

/** iPhone, iPod and iPad, including iPadOS that presents itself as a Mac with a touch screen. */
export function isIos(userAgent: string, maxTouchPoints: number): boolean {
  if (/iPhone|iPad|iPod/i.test(userAgent)) return true;
  return /Macintosh/i.test(userAgent) && maxTouchPoints > 1;
}

class InstallController extends EventTarget {
  private deferred: BeforeInstallPromptEvent | null = null;
  state: InstallState;

  constructor() {
    super();
    const standalone =
      typeof matchMedia === 'function' &&
      (matchMedia('(display-mode: standalone)').matches || matchMedia('(display-mode: fullscreen)').matches);
    const nav = typeof navigator === 'undefined' ? null : (navigator as Navigator & { standalone?: boolean });
    this.state = {
      canPrompt: false,
      installed: standalone || nav?.standalone === true,
      ios: nav ? isIos(nav.userAgent, nav.maxTouchPoints ?? 0) : false,
    };
    if (typeof window === 'undefined') return;
    window.addEventListener('beforeinstallprompt', (event) => {
      // Keep the offer for our own button instead of the browser's mini-infobar.
      event.preventDefault();
      this.deferred = event as BeforeInstallPromptEvent;
      this.set({ canPrompt: true });
    });
    window.addEventListener('appinstalled', () => {
      this.deferred = null;
      this.set({ canPrompt: false, installed: true });
    });
  }

  /** Shows the browser's install dialog; resolves with the user's answer. */
  async promptInstall(): Promise<'accepted' | 'dismissed' | 'unavailable'> {
    const offer = this.deferred;
    if (!offer) return 'unavailable';
    // An offer can be used once.
    this.deferred = null;
    this.set({ canPrompt: false });
    await offer.prompt();
    const { outcome } = await offer.userChoice;
    if (outcome === 'accepted') this.set({ installed: true });
    return outcome;
  }

  private set(patch: Partial<InstallState>): void {
    this.state = { ...this.state, ...patch };
    this.dispatchEvent(new Event('change'));
  }
}

export const install = new InstallController();
