import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { boxOnScreen, detectionAt, type ViewGeometry } from '../../src/app/box-hit';
import { formatBytes, wasmThreadCount } from '../../src/app/capabilities';
import { isIos } from '../../src/app/install';
import { catalogEntryFor, cachedModel, fetchVerified, ModelFetchError, ModelIntegrityError, pruneModels, sha256Hex, verifiedModel } from '../../src/app/model-cache';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS, withSecurityHeaders } from '../../src/app/security-headers';
import { ScreenWakeLock } from '../../src/app/wake-lock';
import { setTorch, torchSupported } from '../../src/capture/torch';
import type { Detection } from '../../src/detection/types';

/** Cache Storage's Cache, in memory (Node has none). */
class MemoryCache {
  readonly entries = new Map<string, Response>();
  async match(request: RequestInfo | URL): Promise<Response | undefined> {
    return this.entries.get(keyOf(request))?.clone();
  }
  async put(request: RequestInfo | URL, response: Response): Promise<void> {
    this.entries.set(keyOf(request), response.clone());
  }
  async delete(request: RequestInfo | URL): Promise<boolean> {
    return this.entries.delete(keyOf(request));
  }
  async keys(): Promise<Request[]> {
    return [...this.entries.keys()].map((url) => new Request(url));
  }
}
const keyOf = (r: RequestInfo | URL) => (typeof r === 'string' ? r : r instanceof URL ? r.href : r.url);
const asCache = (c: MemoryCache) => c as unknown as Cache;

const ORIGIN = 'https://detector.example';
const BYTES = new TextEncoder().encode('pretend this is an ONNX model');
const SHA = createHash('sha256').update(BYTES).digest('hex');
const URL_416 = `${ORIGIN}/models/m.onnx`;

function fakeFetch(body: Uint8Array, status = 200) {
  const calls: string[] = [];
  const fetcher = (async (input: RequestInfo | URL) => {
    calls.push(keyOf(input));
    return new Response(status === 200 ? (body as Uint8Array<ArrayBuffer>) : null, { status });
  }) as typeof fetch;
  return { fetcher, calls };
}

describe('model cache', () => {
  it('hashes like sha256sum', async () => {
    expect(await sha256Hex(BYTES)).toBe(SHA);
  });

  it('finds the catalog entry of a same-origin model URL only', () => {
    const models = [{ file: 'm.onnx', sha256: SHA }];
    expect(catalogEntryFor(URL_416, models, ORIGIN)).toBe(models[0]);
    expect(catalogEntryFor('/models/m.onnx?x=1', models, ORIGIN)).toBe(models[0]);
    expect(catalogEntryFor('https://elsewhere.example/models/m.onnx', models, ORIGIN)).toBeUndefined();
    expect(catalogEntryFor(`${ORIGIN}/models/other.onnx`, models, ORIGIN)).toBeUndefined();
    expect(catalogEntryFor(`${ORIGIN}/app/models/m.onnx`, models, ORIGIN, '/app/')).toBe(models[0]);
  });

  it('stores a verified model once and answers from the cache afterwards, without the network', async () => {
    const cache = new MemoryCache();
    const { fetcher, calls } = fakeFetch(BYTES);
    const first = await verifiedModel(asCache(cache), URL_416, SHA, fetcher);
    expect(first.stored).toBe(true);
    expect(new Uint8Array(await first.response.arrayBuffer())).toEqual(BYTES);
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    const second = await verifiedModel(asCache(cache), URL_416, SHA, offline);
    expect(second.stored).toBe(false);
    expect(new Uint8Array(await second.response.arrayBuffer())).toEqual(BYTES);
    expect(calls).toEqual([URL_416]);
  });

  it('shares one download between concurrent requests', async () => {
    const cache = new MemoryCache();
    const { fetcher, calls } = fakeFetch(BYTES);
    await Promise.all([verifiedModel(asCache(cache), URL_416, SHA, fetcher), verifiedModel(asCache(cache), URL_416, SHA, fetcher)]);
    expect(calls.length).toBe(1);
  });

  it('refuses bytes that do not match and keeps nothing', async () => {
    const cache = new MemoryCache();
    const tampered = BYTES.slice();
    tampered[3] ^= 1;
    const { fetcher } = fakeFetch(tampered);
    const error = await verifiedModel(asCache(cache), URL_416, SHA, fetcher).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelIntegrityError);
    expect((error as Error).message).toContain('checksum');
    expect(cache.entries.size).toBe(0);
  });

  it('reports HTTP errors with their status', async () => {
    const { fetcher } = fakeFetch(BYTES, 404);
    const error = await fetchVerified(URL_416, SHA, fetcher).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFetchError);
    expect((error as ModelFetchError).status).toBe(404);
  });

  it('ignores and removes a copy verified against another checksum (the catalog changed)', async () => {
    const cache = new MemoryCache();
    await verifiedModel(asCache(cache), URL_416, SHA, fakeFetch(BYTES).fetcher);
    expect(await cachedModel(asCache(cache), URL_416, 'f'.repeat(64))).toBeUndefined();
    expect(cache.entries.size).toBe(0);
  });

  it('prunes models that left the catalog or changed', async () => {
    const cache = new MemoryCache();
    await verifiedModel(asCache(cache), URL_416, SHA, fakeFetch(BYTES).fetcher);
    await verifiedModel(asCache(cache), `${ORIGIN}/models/gone.onnx`, SHA, fakeFetch(BYTES).fetcher);
    expect(await pruneModels(asCache(cache), [{ file: 'm.onnx', sha256: SHA }], ORIGIN)).toBe(1);
    expect([...cache.entries.keys()]).toEqual([URL_416]);
  });
});

describe('security headers', () => {
  it('forbids other origins and inline script, and allows WebAssembly', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    for (const sources of Object.values(directives)) for (const s of sources) expect(s).toMatch(/^('self'|'none'|'wasm-unsafe-eval'|'unsafe-inline'|blob:|data:|mediastream:)$/);
    expect(directives['script-src']).not.toContain("'unsafe-inline'");
  });

  it('adds the isolation headers and the policy to a response, keeping its body and status', async () => {
    const response = withSecurityHeaders(new Response('hello', { status: 201, headers: { 'Content-Type': 'text/plain' } }));
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('hello');
    expect(response.headers.get('Content-Type')).toBe('text/plain');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(response.headers.get(name)).toBe(value);
    expect(response.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
  });

  it('leaves a response that already has them alone', () => {
    const response = new Response('x', { headers: SECURITY_HEADERS });
    expect(withSecurityHeaders(response)).toBe(response);
  });
});

describe('tapping a box', () => {
  const person: Detection = { label: 'person', classId: 0, score: 0.9, box: [100, 100, 300, 400] };
  const cup: Detection = { label: 'cup', classId: 41, score: 0.6, box: [150, 150, 200, 200] };
  // A 640x480 frame in a 320x240 box: scale 0.5, no bars.
  const view: ViewGeometry = { fit: 'contain', viewWidth: 320, viewHeight: 240, frameWidth: 640, frameHeight: 480 };

  it('maps frame boxes to the element', () => {
    expect(boxOnScreen(person, view)).toEqual({ x: 50, y: 50, width: 100, height: 150 });
    // cover in a tall phone screen: 640x480 into 390x844 → scale 844/480, centred horizontally.
    const phone = boxOnScreen(person, { fit: 'cover', viewWidth: 390, viewHeight: 844, frameWidth: 640, frameHeight: 480 });
    const s = 844 / 480;
    expect(phone.x).toBeCloseTo((390 - 640 * s) / 2 + 100 * s, 9);
    expect(phone.height).toBeCloseTo(300 * s, 9);
  });

  it('picks the smallest box under the finger, with some slop, and nothing elsewhere', () => {
    expect(detectionAt([person, cup], 87, 87, view)).toBe(cup);
    expect(detectionAt([person, cup], 60, 180, view)).toBe(person);
    expect(detectionAt([person, cup], 45, 60, view)).toBe(person);
    expect(detectionAt([person, cup], 300, 20, view)).toBeNull();
    expect(detectionAt([person], 60, 60, { ...view, frameWidth: 0 })).toBeNull();
  });
});

describe('device report', () => {
  it('uses up to 4 WASM threads, only when cross-origin isolated', () => {
    expect(wasmThreadCount(false, 8)).toBe(1);
    expect(wasmThreadCount(true, 2)).toBe(2);
    expect(wasmThreadCount(true, 16)).toBe(4);
    expect(wasmThreadCount(true, 0)).toBe(1);
  });

  it('formats sizes', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(28_900_000)).toBe('28 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
  });

  it('recognises iPhone, iPad and iPadOS that says it is a Mac', () => {
    expect(isIos('Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1', 5)).toBe(true);
    expect(isIos('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/18.5 Safari/605.1.15', 5)).toBe(true);
    expect(isIos('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/18.5 Safari/605.1.15', 0)).toBe(false);
    expect(isIos('Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 Chrome/140.0 Mobile Safari/537.36', 5)).toBe(false);
  });
});

describe('screen wake lock', () => {
  class FakeSentinel extends EventTarget {
    released = false;
    async release() {
      this.released = true;
      this.dispatchEvent(new Event('release'));
    }
  }
  function setup() {
    const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
    const sentinels: FakeSentinel[] = [];
    const wakeLock = { request: async () => (sentinels.push(new FakeSentinel()), sentinels.at(-1)!) };
    const lock = new ScreenWakeLock(wakeLock, doc as unknown as Document);
    const setVisibility = async (state: DocumentVisibilityState) => {
      doc.visibilityState = state;
      doc.dispatchEvent(new Event('visibilitychange'));
      await new Promise((r) => setTimeout(r, 0));
    };
    return { lock, sentinels, setVisibility };
  }

  it('holds the screen while wanted and lets go when not', async () => {
    const { lock, sentinels } = setup();
    await lock.set(true);
    expect(lock.active).toBe(true);
    await lock.set(true);
    expect(sentinels.length).toBe(1);
    await lock.set(false);
    expect(lock.active).toBe(false);
    expect(sentinels[0].released).toBe(true);
  });

  it('lets go when the page is hidden and takes it again when it is shown', async () => {
    const { lock, sentinels, setVisibility } = setup();
    await lock.set(true);
    await setVisibility('hidden');
    expect(lock.active).toBe(false);
    await setVisibility('visible');
    expect(lock.active).toBe(true);
    expect(sentinels.length).toBe(2);
  });

  it('does not take it back when no longer wanted, and survives a refusal', async () => {
    const { lock, setVisibility } = setup();
    await lock.set(true);
    await lock.set(false);
    await setVisibility('hidden');
    await setVisibility('visible');
    expect(lock.active).toBe(false);
    const refusing = new ScreenWakeLock({ request: async () => Promise.reject(new Error('battery saver')) }, Object.assign(new EventTarget(), { visibilityState: 'visible' }) as unknown as Document);
    await refusing.set(true);
    expect(refusing.active).toBe(false);
    expect(refusing.error).toBe('battery saver');
  });
});

describe('torch', () => {
  function fakeTrack(torch: boolean | undefined) {
    const applied: MediaTrackConstraints[] = [];
    let on = false;
    const track = {
      readyState: 'live',
      getCapabilities: () => (torch === undefined ? {} : { torch }),
      applyConstraints: async (c: MediaTrackConstraints) => {
        applied.push(c);
        on = (c.advanced?.[0] as { torch?: boolean }).torch ?? on;
      },
      getSettings: () => ({ torch: on }),
    };
    return { track: track as unknown as MediaStreamTrack, applied };
  }

  it('is offered only where the track has one', () => {
    expect(torchSupported(fakeTrack(true).track)).toBe(true);
    expect(torchSupported(fakeTrack(false).track)).toBe(false);
    expect(torchSupported(fakeTrack(undefined).track)).toBe(false);
    expect(torchSupported(null)).toBe(false);
  });

  it('switches through an advanced constraint', async () => {
    const { track, applied } = fakeTrack(true);
    expect(await setTorch(track, true)).toBe(true);
    expect(await setTorch(track, false)).toBe(false);
    expect(applied).toEqual([{ advanced: [{ torch: true }] }, { advanced: [{ torch: false }] }]);
  });
});
