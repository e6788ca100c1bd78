import { afterEach, describe, expect, it } from 'vitest';
import { buildCommandTree } from '../../adapters/discord/command-tree.ts';
import { registerCommands } from '../../adapters/discord/register.ts';
import { allCommands } from '../../commands/registry.ts';
import { startHarness, type Harness } from '../discord/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const puts = (harness: Harness) => harness.discord.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/commands'));

describe('registering /papers at start-up', () => {
  it('registers in the guild once; a restart with the same commands writes nothing', async () => {
    h = await startHarness();
    const guild = h.discord.guild('g1').id;
    const again = await h.startAnother({ registerOnStart: { guildId: guild } });
    expect(again.registered).toEqual({ scope: { guild }, written: true, commands: ['papers'] });
    const third = await h.startAnother({ registerOnStart: { guildId: guild } });
    expect(third.registered?.written).toBe(false);
    expect(puts(h).map((r) => r.path)).toEqual([`/applications/${h.discord.applicationId}/guilds/${guild}/commands`]);
    expect(h.discord.registeredCommands.get(guild)?.map((c) => c.name)).toEqual(['papers']);
  });

  it('registers globally without a guild id, with the application id from READY', async () => {
    h = await startHarness({ adapter: { registerOnStart: {} } });
    expect(h.adapter.registered).toEqual({ scope: 'global', written: true, commands: ['papers'] });
    const [registered] = h.discord.registeredCommands.get('global')!;
    expect(registered).toMatchObject(JSON.parse(JSON.stringify(buildCommandTree(allCommands()))));
  });

  it('writes again when the commands changed', async () => {
    h = await startHarness({ adapter: { registerOnStart: {} } });
    const tree = { ...buildCommandTree(allCommands()), description: 'A new description' };
    const result = await registerCommands(h.adapter.client.rest, h.adapter.client.application.id, [tree], { onlyIfChanged: true });
    expect(result.written).toBe(true);
    expect(h.discord.registeredCommands.get('global')?.[0]?.description).toBe('A new description');
  });

  it('keeps running when registration is refused, and says so in the log', async () => {
    h = await startHarness();
    h.discord.failNext({ route: /^PUT \/applications\/\d+\/commands$/, status: 403 });
    const a = await h.startAnother({ registerOnStart: {} });
    expect(a.registered).toBeUndefined();
    expect(a.client.isReady()).toBe(true);
    expect(h.logged.map((l) => l.msg)).toContain('Discord command registration failed; run npm run register:discord');
  });
});
