/**
 * The built-in models, kept on the device after their first use: fetched once, checked against the sha256 that
 * models.json gives them, and stored in Cache Storage only when they match. Used by the service worker (which
 * answers the detector worker's model requests from this cache, online or offline) and by the page (which stores
 * the model it just loaded, so that the first visit already leaves everything needed offline). No DOM: runs in
 * a window, a worker, a service worker and in Node tests.
 */

export const MODEL_CACHE = 'detector-models-v1';

/** Where a cached model remembers which checksum it was verified against. */
const SHA_HEADER = 'X-Model-Sha256';

export interface VerifiableModel {
  file: string;
  sha256: string;
}

export class ModelIntegrityError extends Error {
  constructor(
    readonly url: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `${new URL(url).pathname} does not match its published checksum (sha256 ${actual.slice(0, 12)}…, expected ${expected.slice(0, 12)}…); it was not used or kept.`,
    );
    this.name = 'ModelIntegrityError';
  }
}

/** The server answered, but not with the file (404, 500...). */
export class ModelFetchError extends Error {
  constructor(
    readonly url: string,
    readonly status: number,
    statusText = '',
  ) {
    super(`Could not fetch ${new URL(url).pathname}: HTTP ${status}${statusText ? ` (${statusText})` : ''}.`);
    this.name = 'ModelFetchError';
  }
}

export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The catalog entry whose file `url` is (same origin, under `base`models/), if any. */
export function catalogEntryFor<T extends VerifiableModel>(
  url: string | URL,
  models: readonly T[],
  origin: string,
  base = '/',
): T | undefined {
  const target = new URL(url, origin);
  if (target.origin !== origin) return undefined;
  return models.find((m) => target.pathname === `${base}models/${m.file}`);
}

/** The cached copy of `url`, if it was verified against `sha256` (a stale copy of an older model is not returned). */
export async function cachedModel(cache: Cache, url: string, sha256: string): Promise<Response | undefined> {
  const hit = await cache.match(url);
  if (!hit) return undefined;
  if (hit.headers.get(SHA_HEADER) === sha256) return hit;
  await cache.delete(url);
  return undefined;
}

/**
 * Fetches `url`, checks its bytes against `sha256` and returns a fresh 200 response with them.
 * Throws ModelIntegrityError on a mismatch, ModelFetchError on an HTTP error and the fetch's own error offline.
 */
export async function fetchVerified(url: string, sha256: string, fetcher: typeof fetch = fetch): Promise<Response> {
  const response = await fetcher(url, { cache: 'no-cache' });
  if (!response.ok) throw new ModelFetchError(url, response.status, response.statusText);
  const bytes = await response.arrayBuffer();
  const actual = await sha256Hex(bytes);
  if (actual !== sha256) throw new ModelIntegrityError(url, sha256, actual);
  return new Response(bytes, {
    status: 200,
    headers: {
      'Content-Type': response.headers.get('Content-Type') ?? 'application/octet-stream',
      'Content-Length': String(bytes.byteLength),
      [SHA_HEADER]: sha256,
    },
  });
}

/**
 * The model from the cache, or fetched, verified and stored. `stored` says whether this call added it.
 * Concurrent calls for the same file share one download.
 */
export async function verifiedModel(
  cache: Cache,
  url: string,
  sha256: string,
  fetcher: typeof fetch = fetch,
): Promise<{ response: Response; stored: boolean }> {
  const hit = await cachedModel(cache, url, sha256);
  if (hit) return { response: hit, stored: false };
  const key = `${url}#${sha256}`;
  let download = pending.get(key);
  if (!download) {
    download = (async () => {
      const response = await fetchVerified(url, sha256, fetcher);
      await cache.put(url, response.clone());
      return response;
    })().finally(() => pending.delete(key));
    pending.set(key, download);
  }
  return { response: (await download).clone(), stored: true };
}

const pending = new Map<string, Promise<Response>>();

/** Deletes cached models that are no longer in the catalog or whose checksum changed. Returns how many. */
export async function pruneModels(
  cache: Cache,
  models: readonly VerifiableModel[],
  origin: string,
  base = '/',
): Promise<number> {
  let removed = 0;
  for (const request of await cache.keys()) {
    const entry = catalogEntryFor(request.url, models, origin, base);
    const response = entry ? await cache.match(request) : undefined;
    if (!entry || response?.headers.get(SHA_HEADER) !== entry.sha256) {
      await cache.delete(request);
      removed++;
    }
  }
  return removed;
}
