import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log.ts';
import { openBackend } from '../../src/store/open-store.ts';

const SECRET = 's3cret-pw';
/** Everything a logger or Node's crash printer could show of an error: message, stack and enumerable fields. */
const shown = (err: unknown) => `${(err as Error).message}\n${(err as Error).stack}\n${JSON.stringify(err)}`;

describe('a STORE_URL with a password', () => {
  it.each([
    `redis://user:${SECRET}@127.0.0.1:notaport`,
    `redis://:${SECRET}@[bad/0`,
    `postgres://postgres:${SECRET}@[bad/x`,
    `postgres://postgres:${SECRET}@127.0.0.1:notaport/test`,
  ])('never appears in the start-up error of a malformed URL (%#)', async (url) => {
    const err = await openBackend(url, silentLogger()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(shown(err)).not.toContain(SECRET);
  });

  const pg = process.env.DATABASE_URL;
  it.skipIf(!pg)('never appears in the description', async () => {
    const u = new URL(pg!);
    u.password = SECRET; // the test server trusts local connections, so any password connects
    const backend = await openBackend(u.toString(), silentLogger());
    try {
      expect(backend.description).not.toContain(SECRET);
      expect(backend.description).toContain(u.host);
    } finally {
      await backend.close();
    }
  });
});
