import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, isolationPlugin, withIsolationHeaders } from './isolation';

describe('service worker isolation headers', () => {
  it('adds COOP and COEP, keeping status, body and the other headers', async () => {
    const cached = new Response('console.log(1)', { status: 200, statusText: 'OK', headers: { 'Content-Type': 'text/javascript' } });
    const served = withIsolationHeaders(cached);
    expect(served.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(served.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(served.headers.get('Content-Type')).toBe('text/javascript');
    expect([served.status, served.statusText]).toEqual([200, 'OK']);
    expect(await served.text()).toBe('console.log(1)');
  });

  it('overrides weaker values a response already has', () => {
    const served = withIsolationHeaders(new Response(null, { status: 404, headers: { 'Cross-Origin-Embedder-Policy': 'unsafe-none' } }));
    expect(served.headers.get('Cross-Origin-Embedder-Policy')).toBe(ISOLATION_HEADERS['Cross-Origin-Embedder-Policy']);
    expect(served.status).toBe(404);
  });

  it('passes network errors (status 0) through unchanged', () => {
    const error = Response.error();
    expect(withIsolationHeaders(error)).toBe(error);
  });

  it('is what the workbox plugin returns', async () => {
    const response = await isolationPlugin.handlerWillRespond!({ response: new Response('x') } as never);
    expect(response.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
  });
});
