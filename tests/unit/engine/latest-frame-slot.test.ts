import { describe, expect, it } from 'vitest';
import { LatestFrameSlot } from '../../../src/engine/latest-frame-slot';

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
