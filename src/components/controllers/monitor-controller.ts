import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  fetchMonitorConfig,
  loadMonitorConfig,
  monitorConfigFile,
  parseMonitorConfigText,
  saveMonitorConfig,
} from '../../app/monitor-config-store';
import { CountHistory } from '../../monitor/count-history';
import { serializeMonitorConfig } from '../../monitor/config';
import type { MonitorCounts } from '../../monitor/scene';
import type { MonitorConfig, MonitorEvent } from '../../monitor/types';
import type { FrameResult } from '../../engine/types';
import type { Say } from './messages-controller';

export interface MonitorControllerConfig {
  /** Sends a configuration to the detector worker; resolves with its errors (empty when applied). */
  apply(config: MonitorConfig): Promise<string[]>;
  say: Say;
  /** Each new event, for the element to dispatch as `monitor-event` and show in the log. */
  onEvent(event: MonitorEvent): void;
}

/**
 * The monitor, for an element: its configuration (saved with the settings, imported, exported, or loaded from a
 * kiosk's URL; always validated, and an invalid one never replaces the current one), the live counts and their
 * history for the chart, and the events each result brings.
 */
export class MonitorController implements ReactiveController {
  config: MonitorConfig = loadMonitorConfig();
  /** Zones and lines are being drawn on the picture. */
  editing = false;
  counts: MonitorCounts | null = null;
  readonly history = new CountHistory();
  private persistAsked = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: MonitorControllerConfig,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // The event log must survive storage pressure: ask once for persistent storage (the browser may say no).
    if (!this.persistAsked && navigator.storage?.persist) {
      this.persistAsked = true;
      void navigator.storage.persist().catch(() => false);
    }
  }

  /** Sends the saved configuration, or the one at `url` (a kiosk page's `monitor-config`), to the detector. */
  async start(url: string | null): Promise<void> {
    // A refused URL leaves the saved configuration in force: it is still sent to the detector, but not written back
    // (what was read at construction may be older than what another tab, or a test, saved since).
    if (!url || !(await this.load(url))) await this.enforce(this.config, null, { save: false });
  }

  /** Applies and saves the configuration at `url`; false (and a message naming the fields) if refused. */
  async load(url: string): Promise<boolean> {
    const result = await fetchMonitorConfig(url);
    if (result.ok) return this.set(result.config, `The monitor configuration from ${url} is in force.`);
    this.refuse(result.errors, `The monitor configuration ${url}`);
    return false;
  }

  /** A configuration from the editor or a file: applied and saved when valid. */
  set(config: MonitorConfig, note: string | null): Promise<boolean> {
    return this.enforce(config, note, { save: true });
  }

  private async enforce(config: MonitorConfig, note: string | null, { save }: { save: boolean }): Promise<boolean> {
    // In force and saved at once: the editor's next change builds on this one, not on a configuration a re-render
    // brought back while the worker was still answering (a line drawn, then a zone, must keep both), and a reload
    // right after the last change keeps it.
    const previous = this.config;
    this.config = config;
    if (save) saveMonitorConfig(config);
    this.host.requestUpdate();
    // A worker that dies meanwhile never took it: undone like a refusal, so page and worker agree.
    const errors = await this.options
      .apply(config)
      .catch((error: unknown) => [
        `the detector did not take it (${error instanceof Error ? error.message : String(error)})`,
      ]);
    if (errors.length) {
      if (this.config === config) {
        this.config = previous;
        if (save) saveMonitorConfig(previous);
      }
      this.host.requestUpdate();
      this.refuse(errors);
      return false;
    }
    if (note) this.options.say(note, 'info');
    this.host.requestUpdate();
    return true;
  }

  async importFile(file: File): Promise<void> {
    const result = parseMonitorConfigText(await file.text());
    if (result.ok) await this.set(result.config, `Monitor configuration "${file.name}" imported.`);
    else this.refuse(result.errors, `"${file.name}"`);
  }

  exportFile(): void {
    const url = URL.createObjectURL(monitorConfigFile(this.config));
    const link = Object.assign(document.createElement('a'), { href: url, download: 'monitor-config.json' });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  setEditing(editing: boolean): void {
    this.editing = editing;
    this.host.requestUpdate();
  }

  /** Every frame result: events out, counts and their history updated. */
  onResult(result: FrameResult): void {
    for (const event of result.events) {
      this.history.record(event);
      this.options.onEvent(event);
    }
    if (result.counts) {
      this.counts = result.counts;
      this.history.sample(Date.now(), result.counts);
    }
    for (const notice of result.notices) this.options.say(notice);
  }

  /** The configuration as the text a file would hold (tests, the About panel). */
  get configText(): string {
    return serializeMonitorConfig(this.config);
  }

  private refuse(errors: string[], what = 'The monitor configuration'): void {
    const shown = errors.slice(0, 6).join('; ');
    const more = errors.length > 6 ? ` (and ${errors.length - 6} more)` : '';
    this.options.say(`${what} was refused, the previous one stays: ${shown}${more}.`);
  }
}
