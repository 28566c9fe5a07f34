/// <reference lib="webworker" />
/**
 * The service worker, built by vite-plugin-pwa (injectManifest) from Workbox modules:
 * - precaches the app shell, the detector worker, onnxruntime-web's .mjs/.wasm, the icons and models.json;
 * - answers navigations with the precached index.html, so the app starts with no network at all;
 * - keeps the built-in models after their first use, verified against models.json's sha256 (src/app/model-cache.ts);
 * - adds the cross-origin isolation and CSP headers to everything it serves, so the page stays isolated
 *   (WASM threads) and the worker stays under the same CSP whatever the cache or the host did to the headers;
 * - waits: a new version activates only when the page asks (the user accepted the "update available" prompt).
 */
import { clientsClaim } from 'workbox-core';
import {
  addPlugins,
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  matchPrecache,
  precacheAndRoute,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { parseModelCatalogJson, type ModelCatalog } from './app/model-catalog-schema';
import {
  catalogEntryFor,
  MODEL_CACHE,
  ModelFetchError,
  ModelIntegrityError,
  pruneModels,
  verifiedModel,
} from './app/model-cache';
import { SECURITY_HEADERS, withSecurityHeaders } from './app/security-headers';

declare let self: ServiceWorkerGlobalScope;

const BASE = import.meta.env.BASE_URL;
const scoped = (path: string) => new URL(path, self.registration.scope).href;

addPlugins([{ handlerWillRespond: ({ response }) => Promise.resolve(withSecurityHeaders(response)) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL(scoped('index.html'))));

registerRoute(
  ({ url, request }) =>
    request.method === 'GET' &&
    url.origin === self.location.origin &&
    url.pathname.startsWith(`${BASE}models/`) &&
    url.pathname.endsWith('.onnx'),
  ({ request }) => serveModel(request),
);

/** The catalog this version of the app shipped with (precached), or the network's if it is missing; validated. */
async function catalog(): Promise<ModelCatalog | null> {
  const url = scoped('models/models.json');
  const response = (await matchPrecache(url)) ?? (await fetch(url).catch(() => undefined));
  return response?.ok ? parseModelCatalogJson(await response.text(), url) : null;
}

async function serveModel(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const entry = catalogEntryFor(url, (await catalog().catch(() => null))?.models ?? [], self.location.origin, BASE);
  // A model of the user's own (not in the catalog): nothing to verify it against, so it is neither kept nor checked.
  if (!entry) return fetch(request).then(withSecurityHeaders, () => Response.error());
  try {
    const { response } = await verifiedModel(await caches.open(MODEL_CACHE), url.origin + url.pathname, entry.sha256);
    return withSecurityHeaders(response);
  } catch (error) {
    // Refused or missing: the detector reports the status; the body says why.
    const headers = { ...SECURITY_HEADERS, 'Content-Type': 'text/plain' };
    if (error instanceof ModelIntegrityError)
      return new Response(error.message, { status: 502, statusText: 'model checksum mismatch', headers });
    if (error instanceof ModelFetchError) return new Response(error.message, { status: error.status, headers });
    // Offline and never cached: a network error, as the page would see without a service worker.
    return Response.error();
  }
}

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first install takes over the open page at once (its model requests then go through the cache);
// an update only activates after SKIP_WAITING, when the page has stopped detecting and reloads.
clientsClaim();

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const models = (await catalog())?.models;
      if (models) await pruneModels(await caches.open(MODEL_CACHE), models, self.location.origin, BASE);
    })().catch(() => undefined),
  );
});
