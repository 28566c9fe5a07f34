import { afterEach, describe, expect, it, vi } from 'vitest';
import { MessagesController } from '../../../../src/components/controllers/messages-controller';

describe('MessagesController', () => {
  /** A host that counts the re-renders it is asked for. */
  function host() {
    return {
      updates: 0,
      addController() {},
      removeController() {},
      requestUpdate() {
        this.updates++;
      },
      updateComplete: Promise.resolve(true),
    };
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
