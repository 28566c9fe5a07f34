import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS, withSecurityHeaders } from '../../../src/app/security-headers';

describe('security headers', () => {
  it('forbids other origins and inline script, and allows WebAssembly', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]),
    );
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    // Schemes only: the page narrows connect-src to the configured origins at start-up (src/app/connect-policy.ts).
    expect(directives['connect-src']).toEqual(["'self'", 'ws:', 'wss:', 'http:', 'https:']);
    for (const sources of Object.values(directives))
      for (const s of sources)
        expect(s).toMatch(
          /^('self'|'none'|'wasm-unsafe-eval'|'unsafe-inline'|blob:|data:|mediastream:|wss?:|https?:)$/,
        );
    expect(directives['script-src']).not.toContain("'unsafe-inline'");
  });

  it('adds the isolation headers and the policy to a response, keeping its body and status', async () => {
    const response = withSecurityHeaders(
      new Response('hello', { status: 201, headers: { 'Content-Type': 'text/plain' } }),
    );
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
