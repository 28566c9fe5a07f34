import { css, html, LitElement, nothing, unsafeCSS } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import uPlot from 'uplot';
import uPlotCss from 'uplot/dist/uPlot.min.css?inline';
import type { CountHistory, CountSeries } from '../monitor/count-history';
import type { MonitorCounts } from '../monitor/scene';

/** The app sets counts every frame; the chart and table follow at most this often. */
const REDRAW_MS = 3000;
/** The time axis moves on even when nothing new is counted. */
const TICK_MS = 15_000;
const PLOT_HEIGHT = 160;

/**
 * Counts a guard reads at a glance: the numbers now (occupancy per zone, crossings per line) above a per-minute
 * chart of the last hour (uPlot), one coloured series per name. Set `.history` (a CountHistory) and `.counts`
 * (the monitor's live counts) as often as you like; redraws are throttled to one every few seconds.
 */
export class CountChart extends LitElement {
  static override properties = {
    shown: { state: true },
    data: { state: true },
  };

  /** The counts and series on screen: snapshots taken when a redraw runs, not every frame's values. */
  declare private shown: MonitorCounts | null;
  declare private data: CountSeries | null;

  private latestHistory: CountHistory | null = null;
  private latestCounts: MonitorCounts | null = null;
  private plot: uPlot | null = null;
  /** The series names the uPlot instance was built for: new names rebuild it. */
  private plotted = '';
  private lastDraw = -Infinity;
  private drawTimer: number | undefined;
  private tickTimer: number | undefined;
  private readonly resizer = new ResizeObserver(() => this.plotData());
  /** Colours by first sight: distinct, and a series keeps its colour while others come and go. */
  private readonly colors = new Map<string, string>();

  static override styles = [
    unsafeCSS(uPlotCss),
    css`
      :host { display: block; color: #eee; }
      table { border-collapse: collapse; margin-bottom: 6px; font-variant-numeric: tabular-nums; }
      th { text-align: left; font-weight: 600; padding: 2px 12px 2px 0; }
      td { padding: 2px 12px 2px 0; }
      .big { font-size: 1.3em; font-weight: 700; }
      .detail { opacity: 0.75; }
      .empty { opacity: 0.8; padding: 8px 0; }
      .plot { width: 100%; min-height: 1px; }
      .u-legend { color: #ddd; font-size: 0.85em; }
      .u-legend th { font-weight: 500; }
      .u-legend .u-value { font-variant-numeric: tabular-nums; }
    `,
  ];

  constructor() {
    super();
    this.shown = null;
    this.data = null;
  }

  get history(): CountHistory | null {
    return this.latestHistory;
  }

  set history(history: CountHistory | null) {
    this.latestHistory = history;
    this.schedule();
  }

  get counts(): MonitorCounts | null {
    return this.latestCounts;
  }

  set counts(counts: MonitorCounts | null) {
    this.latestCounts = counts;
    this.schedule();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.tickTimer = window.setInterval(() => this.schedule(), TICK_MS);
    this.schedule();
    // Observed on every connect: a disconnect stops the observer.
    void this.updateComplete.then(() => {
      const plot = this.renderRoot.querySelector('.plot');
      if (plot && this.isConnected) this.resizer.observe(plot);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.clearInterval(this.tickTimer);
    window.clearTimeout(this.drawTimer);
    this.drawTimer = undefined;
    this.resizer.disconnect();
    this.destroyPlot();
  }

  /** Draws now if the last draw is old enough, else once when it is. */
  private schedule(): void {
    if (this.drawTimer !== undefined || !this.isConnected) return;
    const wait = Math.max(0, this.lastDraw + REDRAW_MS - performance.now());
    this.drawTimer = window.setTimeout(() => void this.draw(), wait);
  }

  private async draw(): Promise<void> {
    this.drawTimer = undefined;
    this.lastDraw = performance.now();
    // Copied: the monitor may update its counts object in place.
    this.shown = this.latestCounts ? structuredClone(this.latestCounts) : null;
    this.data = this.latestHistory?.series(Date.now()) ?? null;
    await this.updateComplete;
    if (this.isConnected) this.plotData();
  }

  override render() {
    const zones = Object.entries(this.shown?.zones ?? {});
    const lines = Object.entries(this.shown?.lines ?? {});
    const hasSeries = (this.data?.series.length ?? 0) > 0;
    const nothingYet = zones.length === 0 && lines.length === 0 && !hasSeries;
    return html`
      ${nothingYet ? html`<p class="empty">No counts yet: draw a zone or a line</p>` : nothing}
      ${
        zones.length || lines.length
          ? html`<table>
            ${repeat(
              zones,
              ([name]) => `z${name}`,
              ([name, z]) => html`<tr data-testid=${`count-zone-${name}`}>
              <th>${name}</th><td><span class="big">${sum(z.occupancy)}</span> inside</td><td class="detail">${perClass(z.occupancy)}</td>
              <td class="detail">entered ${sum(z.entered)} (${perClass(z.entered)})</td>
            </tr>`,
            )}
            ${repeat(
              lines,
              ([name]) => `l${name}`,
              ([name, l]) => html`<tr data-testid=${`count-line-${name}`}>
              <th>${name}</th><td><span class="big">${sum(l.in)}</span> in · <span class="big">${sum(l.out)}</span> out</td>
              <td class="detail">in: ${perClass(l.in)}</td><td class="detail">out: ${perClass(l.out)}</td>
            </tr>`,
            )}
          </table>`
          : nothing
      }
      ${!hasSeries && !nothingYet ? html`<p class="empty">Nothing counted in the last hour</p>` : nothing}
      <div class="plot" ?hidden=${!hasSeries}></div>
    `;
  }

  /** Puts the current series in the uPlot instance, building it when the series change or it has none. */
  private plotData(): void {
    const container = this.renderRoot.querySelector<HTMLElement>('.plot');
    const data = this.data;
    if (!container || !data || data.series.length === 0) return this.destroyPlot();
    const width = Math.floor(container.clientWidth);
    if (width === 0) return; // Hidden: the ResizeObserver calls again when it has a size.
    const aligned: uPlot.AlignedData = [data.times, ...data.series.map((s) => s.values)];
    const names = data.series.map((s) => s.name).join('\n');
    if (this.plot && names === this.plotted) {
      if (this.plot.width !== width) this.plot.setSize({ width, height: PLOT_HEIGHT });
      this.plot.setData(aligned);
      showLatest(this.plot);
      return;
    }
    this.destroyPlot();
    // Names gone for good give their colours back (zones and lines come and go over weeks).
    for (const name of this.colors.keys()) if (!data.series.some((s) => s.name === name)) this.colors.delete(name);
    this.plot = new uPlot(plotOptions(data, width, this.colorOf), aligned, container);
    this.plotted = names;
  }

  private colorOf = (name: string): string => {
    let color = this.colors.get(name);
    if (color) return color;
    const used = new Set(this.colors.values());
    color = PALETTE.find((c) => !used.has(c)) ?? PALETTE[this.colors.size % PALETTE.length];
    this.colors.set(name, color);
    return color;
  };

  private destroyPlot(): void {
    this.plot?.destroy();
    this.plot = null;
    this.plotted = '';
  }
}

/** Tells apart a handful of series on a dark background; more wrap round. */
const PALETTE = [
  '#4fc3f7',
  '#ffb74d',
  '#81c784',
  '#f06292',
  '#ba68c8',
  '#fff176',
  '#4db6ac',
  '#e57373',
  '#9575cd',
  '#aed581',
];

/** Off the chart, the legend reads the newest minute rather than "--": the numbers at a glance. */
function showLatest(u: uPlot): void {
  if (u.cursor.idx == null) u.setLegend({ idx: u.data[0].length - 1 });
}

function plotOptions(data: CountSeries, width: number, color: (name: string) => string): uPlot.Options {
  const axis: uPlot.Axis = {
    stroke: '#bbb',
    grid: { stroke: '#2a2a2a', width: 1 },
    ticks: { stroke: '#444', width: 1 },
  };
  return {
    width,
    height: PLOT_HEIGHT,
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max ?? 0))] } },
    axes: [axis, { ...axis, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], size: 40 }],
    series: [{}, ...data.series.map((s) => ({ label: s.name, stroke: color(s.name), width: 2, points: { size: 4 } }))],
    cursor: { drag: { x: false, y: false } },
    hooks: { ready: [showLatest], setCursor: [showLatest] },
  };
}

function sum(perClass: Record<string, number> | undefined): number {
  return Object.values(perClass ?? {}).reduce((a, b) => a + b, 0);
}

/** "person 2 · car 1", largest first; classes at zero are left out. */
function perClass(counts: Record<string, number> | undefined): string {
  const entries = Object.entries(counts ?? {})
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  return entries.length ? entries.map(([label, n]) => `${label} ${n}`).join(' · ') : '–';
}

customElements.define('count-chart', CountChart);

declare global {
  interface HTMLElementTagNameMap {
    'count-chart': CountChart;
  }
}
