/**
 * The app's security policy in one place: the Content-Security-Policy that index.html carries as a meta tag
 * (vite.config.ts injects it), that the dev and preview servers send as a header, and that the service worker
 * adds to every response it serves, together with the cross-origin isolation headers that let onnxruntime's
 * WASM backend use threads. No dependency: vite.config.ts (Node) and the service worker both import it.
 */

/**
 * Everything from this origin only. 'wasm-unsafe-eval' lets WebAssembly compile (onnxruntime); blob: workers and
 * media are the user's own files; mediastream: is the camera. No inline script anywhere; inline styles are allowed
 * because Lit's templates and Vite's dev server set style attributes and <style> elements.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  // Narrowed at start-up to 'self' and the configured broker and webhooks (src/app/connect-policy.ts).
  "connect-src 'self' ws: wss: http: https:",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** Cross-origin isolation: SharedArrayBuffer, hence WASM threads. */
export const ISOLATION_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** What every response of the app carries, from a server or from the service worker. */
export const SECURITY_HEADERS: Record<string, string> = {
  ...ISOLATION_HEADERS,
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
};

/**
 * The same response with the security headers set (a copy: cached responses are immutable). Opaque and error
 * responses are returned as they are.
 */
export function withSecurityHeaders(response: Response): Response {
  if (response.type === 'opaque' || response.type === 'opaqueredirect' || response.type === 'error') return response;
  const missing = Object.entries(SECURITY_HEADERS).some(([name, value]) => response.headers.get(name) !== value);
  if (!missing) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
  // A 304/204 has no body; everything else is streamed through untouched.
  const body = response.status === 204 || response.status === 304 ? null : response.body;
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}
