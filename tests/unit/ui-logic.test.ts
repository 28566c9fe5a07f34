import { afterEach, describe, expect, it, vi } from 'vitest';
import { FpsMeter } from '../../src/app/fps-meter';
import { DEFAULT_SETTINGS, loadSettings, saveSettings, type Settings } from '../../src/app/settings';
import { contentRect } from '../../src/detection/object-fit';
import { LatestFrameSlot } from '../../src/engine/latest-frame-slot';
import { classColor, classTextColor } from '../../src/components/class-colors';
import { MessagesController } from '../../src/components/controllers/messages-controller';

describe('contentRect', () => {
  // A 400x300 box showing a 1920x1080 video.
  it('contain: fits inside, centred', () => {
    // scale = min(400/1920, 300/1080) = min(0.2083, 0.2778) = 0.2083 → 400x225, y = (300-225)/2 = 37.5
    const r = contentRect('contain', 400, 300, 1920, 1080);
    expect(r.x).toBe(0);
    expect(r.y).toBeCloseTo(37.5, 10);
    expect(r.width).toBeCloseTo(400, 10);
    expect(r.height).toBeCloseTo(225, 10);
  });

  it('contain scales a small picture up', () => {
    // 100x50 in 400x300: scale = min(4, 6) = 4 → 400x200 at y = 50
    expect(contentRect('contain', 400, 300, 100, 50)).toEqual({ x: 0, y: 50, width: 400, height: 200 });
  });

  it('cover: fills, cropping the sides', () => {
    // scale = max(0.2083, 0.2778) = 0.2778 → 533.33x300, x = (400-533.33)/2 = -66.67
    const r = contentRect('cover', 400, 300, 1920, 1080);
    expect(r.x).toBeCloseTo(-200 / 3, 9);
    expect(r.y).toBeCloseTo(0, 10);
    expect(r.width).toBeCloseTo(1600 / 3, 9);
    expect(r.height).toBeCloseTo(300, 10);
  });

  it('fill: stretches to the box', () => {
    expect(contentRect('fill', 400, 300, 1920, 1080)).toEqual({ x: 0, y: 0, width: 400, height: 300 });
  });

  it('none: natural size, centred', () => {
    // x = (400-1920)/2 = -760, y = (300-1080)/2 = -390
    expect(contentRect('none', 400, 300, 1920, 1080)).toEqual({ x: -760, y: -390, width: 1920, height: 1080 });
  });

  it('scale-down: contain when larger, natural size when smaller', () => {
    const big = contentRect('scale-down', 400, 300, 1920, 1080);
    const contain = contentRect('contain', 400, 300, 1920, 1080);
    expect(big).toEqual(contain);
    // 100x50 in 400x300: scale = min(1, 4, 6) = 1 → at ((400-100)/2, (300-50)/2) = (150, 125)
    expect(contentRect('scale-down', 400, 300, 100, 50)).toEqual({ x: 150, y: 125, width: 100, height: 50 });
  });

  it('a media element without a size yet covers the box', () => {
    expect(contentRect('contain', 400, 300, 0, 0)).toEqual({ x: 0, y: 0, width: 400, height: 300 });
  });
});

/** An in-memory Storage (getItem/setItem only). */
class MemoryStorage {
  readonly data = new Map<string, string>();
  getItem(key: string): string | null {
    return this.data.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.data.set(key, String(value));
  }
}

/** A storage whose single stored entry holds `raw`, whatever key the settings use. */
function storageHolding(raw: string) {
  return { getItem: () => raw };
}

describe('settings', () => {
  const custom: Settings = {
    modelId: 'yolo11n-320',
    backend: 'wasm',
    scoreThreshold: 0.55,
    iouThreshold: 0.7,
    maxDetections: 42,
    classes: ['person', 'dog'],
    cameraId: 'cam-2',
    facing: 'user',
    trails: true,
  };

  it('an empty storage gives the defaults', () => {
    expect(loadSettings(new MemoryStorage())).toEqual(DEFAULT_SETTINGS);
  });

  it('round trips through save and load', () => {
    const storage = new MemoryStorage();
    saveSettings(custom, storage);
    expect(storage.data.size).toBe(1);
    expect(loadSettings(storage)).toEqual(custom);
    // A second save replaces the first.
    saveSettings({ ...custom, scoreThreshold: 0.1, classes: null }, storage);
    expect(storage.data.size).toBe(1);
    expect(loadSettings(storage)).toEqual({ ...custom, scoreThreshold: 0.1, classes: null });
  });

  it('clamps out-of-range numbers', () => {
    const saved = { ...custom, scoreThreshold: 1.5, iouThreshold: -0.2, maxDetections: 5000 };
    // score 1.5 → 1, IoU -0.2 → 0, max 5000 → 300 (the GPU result buffer and COCO evaluation cap)
    expect(loadSettings(storageHolding(JSON.stringify(saved)))).toEqual({ ...custom, scoreThreshold: 1, iouThreshold: 0, maxDetections: 300 });
    // max 0 → 1; 12.6 → round 13
    expect(loadSettings(storageHolding(JSON.stringify({ maxDetections: 0 }))).maxDetections).toBe(1);
    expect(loadSettings(storageHolding(JSON.stringify({ maxDetections: 12.6 }))).maxDetections).toBe(13);
  });

  it('replaces values of the wrong type with defaults', () => {
    const saved = {
      modelId: 7,
      backend: 'cuda',
      scoreThreshold: 'high',
      iouThreshold: null, // what JSON makes of NaN
      maxDetections: '50',
      classes: ['person', 3, null, 'cat'],
      cameraId: 5,
      facing: 'sideways',
    };
    expect(loadSettings(storageHolding(JSON.stringify(saved)))).toEqual({
      ...DEFAULT_SETTINGS,
      classes: ['person', 'cat'],
    });
    expect(loadSettings(storageHolding(JSON.stringify({ classes: 'person' }))).classes).toBeNull();
  });

  it('keeps valid partial settings and fills the rest with defaults', () => {
    expect(loadSettings(storageHolding('{"backend":"webgpu","facing":"user"}'))).toEqual({ ...DEFAULT_SETTINGS, backend: 'webgpu', facing: 'user' });
  });

  it('garbage JSON gives the defaults', () => {
    for (const raw of ['{not json', '', 'undefined', 'null', '[1,2,3]', '"text"', '42']) {
      expect(loadSettings(storageHolding(raw)), JSON.stringify(raw)).toEqual(DEFAULT_SETTINGS);
    }
  });

  it('a throwing storage neither breaks load nor save', () => {
    const broken = {
      getItem(): string | null {
        throw new Error('SecurityError');
      },
      setItem(): void {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadSettings(broken)).toEqual(DEFAULT_SETTINGS);
    expect(() => saveSettings(custom, broken)).not.toThrow();
  });

  it('the defaults handed out are copies', () => {
    const loaded = loadSettings(storageHolding('{not json'));
    loaded.scoreThreshold = 0.99;
    expect(DEFAULT_SETTINGS.scoreThreshold).toBe(0.3);
  });
});

describe('FpsMeter', () => {
  it('10 ticks 100 ms apart → 10 fps', () => {
    const meter = new FpsMeter();
    expect(meter.tick(0)).toBe(0); // one tick: no interval yet
    let fps = 0;
    for (let t = 100; t <= 900; t += 100) fps = meter.tick(t);
    // 9 intervals over 900 ms: 9 * 1000 / 900 = 10
    expect(fps).toBe(10);
  });

  it('keeps about one second of ticks', () => {
    const meter = new FpsMeter();
    let fps = 0;
    // 50 ms apart for 3 s: the window is the ticks within 1000 ms: t = 2000..3000, 20 intervals over 1000 ms = 20
    for (let t = 0; t <= 3000; t += 50) fps = meter.tick(t);
    expect(fps).toBe(20);
    // Slower now: a tick 500 ms later keeps ticks ≥ 2500: 2500..3000 (11 ticks) + 3500 → 11 intervals over 1000 ms = 11
    expect(meter.tick(3500)).toBe(11);
  });

  it('after a pause the last two ticks give the rate', () => {
    const meter = new FpsMeter();
    for (let t = 0; t <= 900; t += 100) meter.tick(t);
    // At 5000 every old tick but 900 is dropped: 1 interval over 4100 ms
    expect(meter.tick(5000)).toBeCloseTo(1000 / 4100, 10);
  });

  it('reset starts over', () => {
    const meter = new FpsMeter();
    meter.tick(0);
    meter.tick(100);
    meter.reset();
    expect(meter.tick(200)).toBe(0);
    expect(meter.tick(250)).toBe(20); // 1 interval of 50 ms
  });
});

describe('LatestFrameSlot', () => {
  class FakeFrame {
    closed = false;
    closeCount = 0;
    constructor(readonly id: number) {}
    close(): void {
      this.closed = true;
      this.closeCount++;
    }
  }

  interface Deferred {
    promise: Promise<void>;
    resolve: () => void;
    reject: (error: Error) => void;
  }
  function deferred(): Deferred {
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  }

  /** A process function that records each frame and finishes only when the test says so. */
  function controlled() {
    const processed: number[] = [];
    const pending: Deferred[] = [];
    const openWhileProcessing: boolean[] = [];
    const process = (frame: FakeFrame) => {
      processed.push(frame.id);
      openWhileProcessing.push(!frame.closed);
      const d = deferred();
      pending.push(d);
      return d.promise;
    };
    return { processed, pending, openWhileProcessing, process };
  }

  const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

  it('processes a frame at once when idle and closes it afterwards', async () => {
    const c = controlled();
    const slot = new LatestFrameSlot<FakeFrame>(c.process);
    expect(slot.idle).toBe(true);
    const f1 = new FakeFrame(1);
    slot.offer(f1);
    expect(c.processed).toEqual([1]);
    expect(slot.idle).toBe(false);
    expect(f1.closed).toBe(false); // still in flight
    c.pending[0].resolve();
    await settle();
    expect(f1.closeCount).toBe(1);
    expect(slot.idle).toBe(true);
    expect(slot.dropped).toBe(0);
  });

  it('latest frame wins while one is in flight; the replaced one is closed at once', async () => {
    const c = controlled();
    const slot = new LatestFrameSlot<FakeFrame>(c.process);
    const frames = [1, 2, 3, 4, 5].map((id) => new FakeFrame(id));
    const [f1, f2, f3, f4, f5] = frames;

    slot.offer(f1); // in flight
    slot.offer(f2); // waiting
    expect(f2.closed).toBe(false);
    slot.offer(f3); // replaces f2
    expect(f2.closeCount).toBe(1);
    expect(slot.dropped).toBe(1);
    slot.offer(f4); // replaces f3
    expect(f3.closeCount).toBe(1);
    expect(slot.dropped).toBe(2);
    expect(c.processed).toEqual([1]);

    c.pending[0].resolve();
    await settle();
    expect(f1.closeCount).toBe(1);
    expect(c.processed).toEqual([1, 4]);
    expect(slot.idle).toBe(false);

    slot.offer(f5); // waits behind f4
    c.pending[1].resolve();
    await settle();
    expect(c.processed).toEqual([1, 4, 5]);
    c.pending[2].resolve();
    await settle();

    expect(slot.idle).toBe(true);
    expect(slot.dropped).toBe(2);
    expect(frames.map((f) => f.closeCount)).toEqual([1, 1, 1, 1, 1]);
    expect(c.openWhileProcessing).toEqual([true, true, true]);
  });

  it('clear() closes the waiting frame but lets the one in flight finish', async () => {
    const c = controlled();
    const slot = new LatestFrameSlot<FakeFrame>(c.process);
    const f1 = new FakeFrame(1);
    const f2 = new FakeFrame(2);
    slot.offer(f1);
    slot.offer(f2);
    slot.clear();
    expect(f2.closeCount).toBe(1);
    expect(f1.closed).toBe(false);
    expect(slot.idle).toBe(false); // f1 still in flight
    c.pending[0].resolve();
    await settle();
    expect(c.processed).toEqual([1]); // f2 never processed
    expect(f1.closeCount).toBe(1);
    expect(f2.closeCount).toBe(1);
    expect(slot.idle).toBe(true);
    // clear on an idle slot is harmless
    slot.clear();
    expect(slot.idle).toBe(true);
  });

  it('starts again after going idle', async () => {
    const c = controlled();
    const slot = new LatestFrameSlot<FakeFrame>(c.process);
    slot.offer(new FakeFrame(1));
    c.pending[0].resolve();
    await settle();
    expect(slot.idle).toBe(true);
    const f2 = new FakeFrame(2);
    slot.offer(f2);
    expect(c.processed).toEqual([1, 2]);
    c.pending[1].resolve();
    await settle();
    expect(f2.closeCount).toBe(1);
    expect(slot.idle).toBe(true);
  });

  it('many frames during one slow run: only the last is processed, each closed once', async () => {
    const c = controlled();
    const slot = new LatestFrameSlot<FakeFrame>(c.process);
    const frames = Array.from({ length: 20 }, (_, i) => new FakeFrame(i));
    for (const f of frames) slot.offer(f);
    // frame 0 in flight, 1..18 replaced, 19 waiting
    expect(slot.dropped).toBe(18);
    expect(frames.slice(1, 19).every((f) => f.closeCount === 1)).toBe(true);
    expect(frames[19].closed).toBe(false);
    c.pending[0].resolve();
    await settle();
    c.pending[1].resolve();
    await settle();
    expect(c.processed).toEqual([0, 19]);
    expect(frames.every((f) => f.closeCount === 1)).toBe(true);
    expect(slot.idle).toBe(true);
  });
});

describe('classTextColor', () => {
  it('writes black on light label colours and white on dark ones', () => {
    // id 1: hue 137.5 (green), luminance ≈ 0.55 → black; id 20: hue 230.2 (blue), luminance ≈ 0.13 → white.
    expect(classColor(1)).toBe('hsl(137.508 85% 55%)');
    expect(classTextColor(1)).toBe('#000');
    expect(classColor(20)).toMatch(/^hsl\(230\.16\d* 85% 55%\)$/);
    expect(classTextColor(20)).toBe('#fff');
  });
});

describe('MessagesController', () => {
  /** A host that counts the re-renders it is asked for. */
  function host() {
    return { updates: 0, addController() {}, removeController() {}, requestUpdate() { this.updates++; }, updateComplete: Promise.resolve(true) };
  }
  const texts = (m: MessagesController) => m.messages.map((x) => `${x.kind}:${x.text}`);

  afterEach(() => {
    vi.useRealTimers();
  });

  it('says errors until dismissed, each once, and re-renders its host', () => {
    const h = host();
    const m = new MessagesController(h);
    m.say('The camera is busy.');
    m.say('The camera is busy.'); // the same error from every frame is said once
    m.say('A frame failed: x');
    expect(texts(m)).toEqual(['error:The camera is busy.', 'error:A frame failed: x']);
    expect(h.updates).toBe(2);
    m.dismiss(m.messages[0].id);
    expect(texts(m)).toEqual(['error:A frame failed: x']);
    expect(h.updates).toBe(3);
  });

  it('a new note replaces the previous one, and notes fade after 6 s', () => {
    vi.useFakeTimers();
    const m = new MessagesController(host());
    m.say('Model A runs on WASM.', 'info');
    m.say('An error.');
    vi.advanceTimersByTime(3000);
    m.say('Model B runs on WASM.', 'info');
    expect(texts(m)).toEqual(['error:An error.', 'info:Model B runs on WASM.']);
    // A's timer fires (6 s after A) and leaves B alone; B fades 6 s after it was said; errors stay.
    vi.advanceTimersByTime(3000);
    expect(texts(m)).toEqual(['error:An error.', 'info:Model B runs on WASM.']);
    vi.advanceTimersByTime(3000);
    expect(texts(m)).toEqual(['error:An error.']);
    vi.advanceTimersByTime(60_000);
    expect(texts(m)).toEqual(['error:An error.']);
  });

  it('keeps the last three', () => {
    const m = new MessagesController(host());
    for (const n of [1, 2, 3, 4]) m.say(`Error ${n}`);
    expect(texts(m)).toEqual(['error:Error 2', 'error:Error 3', 'error:Error 4']);
    // An error said again after it fell off is said again.
    m.say('Error 1');
    expect(texts(m)).toEqual(['error:Error 3', 'error:Error 4', 'error:Error 1']);
  });
});
