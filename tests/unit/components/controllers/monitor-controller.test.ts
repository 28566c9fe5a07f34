import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MonitorController } from '../../../../src/components/controllers/monitor-controller';
import type { MonitorConfig } from '../../../../src/monitor/types';

/** A worker whose answers arrive only when the test releases them, in order. */
function slowWorker(errorsFor: (config: MonitorConfig) => string[] = () => []) {
  const pending: (() => void)[] = [];
  return {
    apply: (config: MonitorConfig) =>
      new Promise<string[]>((resolve) => pending.push(() => resolve(errorsFor(config)))),
    answerAll: async () => {
      while (pending.length) pending.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

function controller(worker: ReturnType<typeof slowWorker>, said: string[] = []) {
  const host = { addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) };
  return new MonitorController(host, { apply: worker.apply, say: (text) => said.push(text), onEvent() {} });
}

const line: MonitorConfig = { version: 1, zones: [], lines: [{ name: 'gate', from: [0.3, 0.2], to: [0.3, 0.8] }] };
const lineAndZone: MonitorConfig = {
  ...line,
  zones: [
    {
      name: 'door',
      points: [
        [0.5, 0.5],
        [0.9, 0.5],
        [0.9, 0.8],
      ],
    },
  ],
};

// Node has no localStorage; the controller saves what is in force to it.
let saved: Map<string, string>;
beforeEach(() => {
  saved = new Map();
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => saved.get(key) ?? null,
    setItem: (key: string, value: string) => saved.set(key, value),
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('MonitorController.set', () => {
  const savedConfig = () => JSON.parse([...saved.values()][0] ?? 'null') as MonitorConfig | null;

  it('puts a change in force before the worker answers, so the next edit builds on it', async () => {
    const worker = slowWorker();
    const monitor = controller(worker);
    const first = monitor.set(line, null);
    // A re-render now hands the editor `monitor.config`: it must already hold the line.
    expect(monitor.config).toBe(line);
    const second = monitor.set(lineAndZone, null);
    expect(savedConfig(), 'saved before the worker answers').toEqual(lineAndZone);
    await worker.answerAll();
    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(monitor.config).toBe(lineAndZone);
    expect(savedConfig()).toEqual(lineAndZone);
  });

  it('goes back to the previous configuration when the worker refuses, and says why', async () => {
    const worker = slowWorker((config) => (config === line ? ['lines[0]: refused'] : []));
    const said: string[] = [];
    const monitor = controller(worker, said);
    const before = monitor.config;
    const refused = monitor.set(line, null);
    expect(savedConfig(), 'saved at once: a reload keeps the last change').toEqual(line);
    await worker.answerAll();
    expect(await refused).toBe(false);
    expect(monitor.config).toBe(before);
    expect(savedConfig()).toEqual(before);
    expect(said.join()).toContain('lines[0]: refused');
  });

  it('a refusal does not undo a later change already in force', async () => {
    const worker = slowWorker((config) => (config === line ? ['lines[0]: refused'] : []));
    const monitor = controller(worker);
    const refused = monitor.set(line, null);
    const accepted = monitor.set(lineAndZone, null);
    await worker.answerAll();
    expect([await refused, await accepted]).toEqual([false, true]);
    expect(monitor.config).toBe(lineAndZone);
  });

  it('a worker that fails the call undoes the change, as a refusal does', async () => {
    const said: string[] = [];
    const host = {
      addController() {},
      removeController() {},
      requestUpdate() {},
      updateComplete: Promise.resolve(true),
    };
    const monitor = new MonitorController(host, {
      apply: () => Promise.reject(new Error('the detector stopped answering')),
      say: (text) => said.push(text),
      onEvent() {},
    });
    const before = monitor.config;
    expect(await monitor.set(line, null)).toBe(false);
    expect(monitor.config).toBe(before);
    expect(savedConfig()).toEqual(before);
    expect(said.join()).toContain('the detector stopped answering');
  });
});

describe('MonitorController.start', () => {
  it('sends the saved configuration to the detector without writing it back over a newer one', async () => {
    const worker = slowWorker();
    const applied: MonitorConfig[] = [];
    const monitor = controller({ ...worker, apply: (config) => (applied.push(config), worker.apply(config)) });
    // Saved after the page read its settings, e.g. by another tab, before the detector was ready.
    const newer = JSON.stringify(line);
    saved.set('detector-monitor-config-v1', newer);
    const started = monitor.start(null);
    await worker.answerAll();
    await started;
    expect(applied).toEqual([monitor.config]);
    expect([...saved.values()]).toEqual([newer]);
  });
});
