/**
 * `subscribe like:` and the Similar action on the console adapter over the real core and the fake HF: subscribe,
 * refuse a bad id and words after the paper, list, remove; `similar 2` answers with the archive's list, numbered anew.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { createCoreApp, type CoreApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { until } from '../discord/harness.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { fixturePapersByDay } from '../helpers/fixture-papers.ts';

const NOW = new Date('2026-08-20T12:00:00Z');
const day = fixturePapersByDay().get('2026-08-20')!;
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

let core: CoreApp | undefined;
let hf: FakeHf | undefined;
afterEach(async () => {
  await core?.close();
  await hf?.close();
  core = hf = undefined;
});

describe('like: and Similar on the console', () => {
  it('subscribes like:<link>, explains mistakes, lists it as "papers similar to <title>", removes it; similar 2 lists the archive', async () => {
    hf = await startFakeHf();
    const config = loadConfig({ STORE_URL: 'memory://', HF_ENDPOINT: hf.url, HF_RETRIES: '0', LOG_LEVEL: 'silent' });
    core = await createCoreApp(config, { log: silentLogger(), retryBaseMs: 1, now: () => NOW });
    await core.archive.start();
    const deps: CommandDeps = { papers: core.papers, config, log: silentLogger(), votes: core.votes, archive: core.archive, alerts: core.alerts };
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.on('data', (d: Buffer) => (out += d.toString()));
    const done = startConsoleAdapter({ deps, input, output, banner: 'test console', now: () => NOW });
    input.write('/papers today 3\n');
    await until(() => core!.archive.size >= day.length);
    const followed = day[1]!;
    input.write('/papers alerts mode daily 08:00 Europe/Paris\n');
    await until(() => out.includes('Your alerts now come as one daily digest'));
    input.write(`/papers subscribe like:https://huggingface.co/papers/${followed.id}\n`);
    const id = (await until(() => /Subscribed \(id (\w+)\): like:/.exec(out)))[1]!;
    await until(() => out.includes(`/papers similar ${followed.id}`));
    // The like: answer says how alerts arrive, as a keyword subscribe's does.
    expect(out.slice(out.indexOf('Subscribed (id'))).toContain('Your alerts arrive: daily digest at 08:00 Europe/Paris');
    input.write(['/papers subscribe like:12345', `/papers subscribe like:${followed.id} diffusion`, `/papers subscribe diffusion like:${followed.id}`, '/papers subscriptions', ''].join('\n'));
    await until(() => out.includes(`• ${id} — `));
    expect(core.alerts.engine.size).toBe(1);
    input.end(['similar 2', `/papers unsubscribe ${id}`, 'exit', ''].join('\n'));
    await done;
    expect(out).toContain(`like:${followed.id}, papers similar to "${flat(followed.title)}"`);
    expect(out).toContain('"12345" is not an arXiv id or a paper link');
    expect(out).toContain('words go in a separate subscription');
    expect(out).toContain('To follow a paper, like:<id> starts the query on its own');
    expect(out).toContain(`• ${id} — like:${followed.id} (papers similar to ${flat(followed.title)})`);
    const similar = out.lastIndexOf('Similar to ·');
    expect(similar).toBeGreaterThan(0);
    expect(out.slice(similar)).toMatch(/because: shared terms \w+/);
    expect(out.slice(similar)).toMatch(/\(details (1|<1-\d>) · cite (1|<1-\d>) · similar (1|<1-\d>)\)/);
    expect(out).toContain(`Removed your alert ${id}: like:${followed.id}`);
    expect(core.alerts.engine.size).toBe(0);
  });
});
