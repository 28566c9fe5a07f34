import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { pwa } from '../../app/pwa';
import type { Say } from './messages-controller';

export interface PwaNoticesConfig {
  say: Say;
  /** Stops detecting before a new version takes over. */
  beforeUpdate(): Promise<void>;
}

/**
 * What the service worker side has to tell the user: the app works offline now (said once, on the first visit),
 * a model could not be kept for offline use; and the update the user accepted, applied once detection stopped.
 */
export class PwaNoticesController implements ReactiveController {
  private offlineKnown = false;
  private registered = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly config: PwaNoticesConfig,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    pwa.addEventListener('change', this.onChange);
    pwa.addEventListener('model-cache-error', this.onModelCacheError);
  }

  hostDisconnected(): void {
    pwa.removeEventListener('change', this.onChange);
    pwa.removeEventListener('model-cache-error', this.onModelCacheError);
  }

  /** The user accepted the new version: stop detecting first, then let it take over (the page reloads). */
  async acceptUpdate(): Promise<void> {
    if (!pwa.state.updateWaiting) return;
    await this.config.beforeUpdate();
    pwa.applyUpdate();
  }

  private readonly onChange = (): void => {
    // Offline ready in a page that was registered before it: the service worker has just made the app work offline.
    const { offlineReady, registered } = pwa.state;
    if (offlineReady && !this.offlineKnown && this.registered)
      this.config.say('The app is ready to work offline.', 'info');
    this.offlineKnown ||= offlineReady;
    this.registered = registered;
  };

  private readonly onModelCacheError = (event: Event): void => {
    this.config.say(`The model could not be kept for offline use: ${(event as CustomEvent<string>).detail}`);
  };
}
