import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import { useTestApp } from '../test/test-app.ts';

/**
 * The preview reads only the head of an upload and a bad file is refused early: the rest of the body
 * must still be read, or the next request on the same keep-alive connection (browsers reuse it) hangs.
 */
describe('import uploads answered early keep the connection usable', () => {
  let base: URL;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  const t = useTestApp({ listen: true });
  before(async () => {
    base = new URL(t.base);
  });
  after(async () => {
    agent.destroy();
  });

  /** POST a CSV over the one pooled connection; fails after 10 s instead of hanging. */
  const post = (path: string, payload: Buffer) =>
    new Promise<{ status: number; body: string; socketPort: number }>((resolve, reject) => {
      const req = http.request(
        {
          host: base.hostname,
          port: base.port,
          path,
          method: 'POST',
          agent,
          timeout: 10_000,
          headers: {
            authorization: `Bearer ${t.ws.keys.marketer}`,
            'content-type': 'text/csv',
            'content-length': payload.length,
          },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body, socketPort: req.socket?.localPort ?? 0 }),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${path} hung`)));
      req.on('error', reject);
      req.end(payload);
    });

  test('preview of a large file, a refused file, then an import on the same connection', async () => {
    const lines = ['Account Name,Website'];
    for (let i = 0; i < 20_000; i += 1) lines.push(`Keepalive ${i},https://keepalive-${i}.com`);
    const big = Buffer.from(`${lines.join('\n')}\n`);
    const preview = await post('/api/v1/imports/accounts/preview', big);
    assert.equal(preview.status, 200, preview.body);
    const refused = await post('/api/v1/imports/accounts', Buffer.concat([Buffer.from('Nope\n'), big]));
    assert.equal(refused.status, 400, refused.body);
    const imported = await post(
      '/api/v1/imports/accounts',
      Buffer.from('Account Name,Website\nKeepalive One,https://keepalive-one.com\n'),
    );
    assert.equal(imported.status, 200, imported.body);
    assert.equal(JSON.parse(imported.body).inserted, 1);
    assert.equal(
      new Set([preview.socketPort, refused.socketPort, imported.socketPort]).size,
      1,
      'one connection',
    );
  });
});
