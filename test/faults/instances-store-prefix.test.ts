import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreApp, type CoreApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { backendCases } from '../helpers/backends.ts';
import { channel } from '../helpers/sample.ts';

const apps: CoreApp[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

const openApp = async (url: string, env: Record<string, string>) => {
  const app = await createCoreApp(loadConfig({ STORE_URL: url, ...env }), { log: silentLogger() });
  apps.push(app);
  return app;
};

describe('STORE_PREFIX', () => {
  it.each([['paperboy-staging:'], ['a.b_c-d'], ['']])('accepts %j', (prefix) => {
    expect(loadConfig({ STORE_PREFIX: prefix }).STORE_PREFIX).toBe(prefix);
  });

  it.each([['has space'], ['slash/'], ['x'.repeat(65)]])('rejects %j with a readable message', (prefix) => {
    expect(() => loadConfig({ STORE_PREFIX: prefix })).toThrow(/STORE_PREFIX: use up to 64 letters, digits/);
  });
});

describe.each(backendCases().filter((c) => c.name !== 'memory'))('two deployments sharing one $name server', ({ url }) => {
  it.skipIf(!url)('see only their own data when their STORE_PREFIX differs, and share it when it is the same', async () => {
    const run = randomUUID().slice(0, 8);
    const staging = await openApp(url!, { STORE_PREFIX: `${run}-staging:` });
    const production = await openApp(url!, { STORE_PREFIX: `${run}-production:` });
    const to = channel('c1');
    await staging.channels.set(to, { time: '07:30' }, new Date('2026-08-20T00:00:00Z'));
    expect(await production.channels.get(to)).toBeUndefined();
    expect(await staging.channels.get(to)).toMatchObject({ time: '07:30' });

    const stagingAgain = await openApp(url!, { STORE_PREFIX: `${run}-staging:` });
    expect(await stagingAgain.channels.get(to)).toMatchObject({ time: '07:30' });
  });
});
