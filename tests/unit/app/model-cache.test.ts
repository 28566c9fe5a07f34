import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  catalogEntryFor,
  cachedModel,
  fetchVerified,
  ModelFetchError,
  ModelIntegrityError,
  pruneModels,
  sha256Hex,
  verifiedModel,
} from '../../../src/app/model-cache';

/** Cache Storage's Cache, in memory (Node has none). */
class MemoryCache {
  readonly entries = new Map<string, Response>();
  match(request: RequestInfo | URL): Promise<Response | undefined> {
    return Promise.resolve(this.entries.get(keyOf(request))?.clone());
  }
  put(request: RequestInfo | URL, response: Response): Promise<void> {
    this.entries.set(keyOf(request), response.clone());
    return Promise.resolve();
  }
  delete(request: RequestInfo | URL): Promise<boolean> {
    return Promise.resolve(this.entries.delete(keyOf(request)));
  }
  keys(): Promise<Request[]> {
    return Promise.resolve([...this.entries.keys()].map((url) => new Request(url)));
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
  const fetcher = ((input: RequestInfo | URL) => {
    calls.push(keyOf(input));
    return Promise.resolve(new Response(status === 200 ? (body as Uint8Array<ArrayBuffer>) : null, { status }));
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
    const offline = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    const second = await verifiedModel(asCache(cache), URL_416, SHA, offline);
    expect(second.stored).toBe(false);
    expect(new Uint8Array(await second.response.arrayBuffer())).toEqual(BYTES);
    expect(calls).toEqual([URL_416]);
  });

  it('shares one download between concurrent requests', async () => {
    const cache = new MemoryCache();
    const { fetcher, calls } = fakeFetch(BYTES);
    await Promise.all([
      verifiedModel(asCache(cache), URL_416, SHA, fetcher),
      verifiedModel(asCache(cache), URL_416, SHA, fetcher),
    ]);
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
