import { Workbox } from 'workbox-window';
import type { CatalogModel } from './model-catalog-schema';
import { modelUrl } from './model-catalog';
import { MODEL_CACHE, verifiedModel } from './model-cache';

export interface PwaState {
  /** A service worker is registered for this page (production builds only). */
  registered: boolean;
  /** The service worker controls the page: the app shell and onnxruntime come from its cache. */
  offlineReady: boolean;
  /** A new version of the app is installed and waits for the user's go-ahead. */
  updateWaiting: boolean;
  /** Built-in models kept on the device (ids), verified against their sha256. */
  modelsKept: string[];
  /** The registration failed (the message says why). */
  error: string | null;
}

/**
 * The page's side of the service worker (src/sw.ts): registers it, tells the UI when the app works offline and
 * when an update waits, applies the update only when asked (after the caller stopped detecting), and keeps the
 * model just loaded in the verified model cache so the first visit already leaves everything needed offline.
 */
export class PwaController extends EventTarget {
  state: PwaState = { registered: false, offlineReady: false, updateWaiting: false, modelsKept: [], error: null };
  private workbox: Workbox | null = null;
  private updating = false;
  /** Settles when registration is done (true) or not attempted/failed (false). */
  private registration: Promise<boolean> = Promise.resolve(false);

  /** Registers /sw.js in production builds; a no-op in the dev server (there is no service worker there). */
  register(enabled = import.meta.env.PROD): Promise<boolean> {
    if (!enabled || !('serviceWorker' in navigator) || this.workbox) return this.registration;
    this.registration = this.doRegister();
    return this.registration;
  }

  private async doRegister(): Promise<boolean> {
    const base = import.meta.env.BASE_URL;
    const workbox = new Workbox(`${base}sw.js`, { scope: base });
    this.workbox = workbox;
    workbox.addEventListener('waiting', () => this.set({ updateWaiting: true }));
    workbox.addEventListener('controlling', () => {
      if (this.updating) location.reload();
      else this.set({ offlineReady: true });
    });
    workbox.addEventListener('activated', () =>
      this.set({ offlineReady: !!navigator.serviceWorker.controller || this.state.offlineReady }),
    );
    try {
      const registration = await workbox.register({ immediate: true });
      this.set({ registered: !!registration, offlineReady: !!navigator.serviceWorker.controller });
      if (registration?.waiting && navigator.serviceWorker.controller) this.set({ updateWaiting: true });
    } catch (error) {
      this.set({ error: `Offline use is unavailable: ${(error as Error).message}` });
      return false;
    }
    // A tab that stays open still hears about new versions: check when it comes back, and every hour.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.checkForUpdate();
    });
    setInterval(() => void this.checkForUpdate(), 60 * 60 * 1000);
    return this.state.registered;
  }

  async checkForUpdate(): Promise<void> {
    await this.workbox?.update().catch(() => undefined);
  }

  /**
   * Activates the waiting version and reloads into it. The caller stops detecting first: a new version is never
   * swapped in under a running detection.
   */
  applyUpdate(): void {
    if (!this.workbox || !this.state.updateWaiting) return;
    this.updating = true;
    this.workbox.messageSkipWaiting();
  }

  /** Keeps a built-in model on the device (verified against its sha256); resolves when it is stored. */
  async keepModel(model: CatalogModel): Promise<void> {
    // Only where the service worker can serve it back (production builds); the model may load before it registered.
    if (!(await this.registration) || !('caches' in globalThis)) return;
    const url = new URL(modelUrl(model), location.href).href;
    try {
      const cache = await caches.open(MODEL_CACHE);
      // Usually a cache hit: the service worker stored it when it answered the detector's request.
      await verifiedModel(cache, url, model.sha256);
      if (!this.state.modelsKept.includes(model.id)) this.set({ modelsKept: [...this.state.modelsKept, model.id] });
      // Ask the browser not to evict the cache under storage pressure (granted silently to installed apps).
      await navigator.storage?.persist?.().catch(() => false);
    } catch (error) {
      this.dispatchEvent(new CustomEvent('model-cache-error', { detail: (error as Error).message }));
    }
  }

  private set(patch: Partial<PwaState>): void {
    this.state = { ...this.state, ...patch };
    this.dispatchEvent(new Event('change'));
  }
}

/** The one controller of the page. */
export const pwa = new PwaController();
