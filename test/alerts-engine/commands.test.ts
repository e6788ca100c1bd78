import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommandText } from '../../commands/parse-text.ts';
import { unsubscribeSuggestions } from '../../commands/unsubscribe.ts';
import { channelOwner } from '../../src/alerts/owners.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { fixturePapers } from '../helpers/command-world.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { channel, dm, openAlertWorld, subscribedId, textOf, type AlertWorld } from './world.ts';

let hf: FakeHf;
let w: AlertWorld;
const NOW = '2026-08-20T12:00:00Z';
beforeEach(async () => {
  hf = await startFakeHf();
  w = await openAlertWorld({ storeUrl: 'memory://', hf, clock: new FakeClock(NOW) });
});
afterEach(async () => {
  await w.app.close();
  await hf.close();
});

const titleOf = (day: string, id: string) => fixturePapers(hf, day).find((p) => p.id === id)!.title;

describe('/papers subscribe answers with a preview of the last 7 days', () => {
  it('counts the matches among the cached days and shows the three newest with why they matched', async () => {
    const reply = await w.run('subscribe diffusion');
    expect(reply).toMatchObject({ kind: 'text', ephemeral: true });
    const lines = textOf(reply).split('\n');
    expect(lines[0]).toMatch(/^Subscribed \(id [0-9a-z]{6}\): diffusion$/);
    expect(lines[1]).toBe('New matching papers come by DM, checked every 15 min (at most 20 a day).');
    expect(lines[2]).toBe('Scope: Hugging Face Daily Papers.');
    // 2026-08-14 … 2026-08-20: five weekdays of 23+23+29+26+15 papers, one of them listed on two days.
    expect(lines[3]).toBe('Last 7 days (2026-08-14 – 2026-08-20): 13 of 115 papers would have matched, e.g.');
    const newestThree: Array<[string, string, number]> = [
      ['2026-08-20', '2608.18701', 12],
      ['2026-08-19', '2608.18063', 10],
      ['2026-08-19', '2608.18076', 8],
    ];
    expect(lines).toHaveLength(7);
    newestThree.forEach(([day, id, upvotes], i) =>
      expect(lines[4 + i]).toMatch(new RegExp(`^• ${escape(titleOf(day, id))} \\(${day}, ▲ ${upvotes}\\) — matched: "diffusion" in [a-zA-Z, ]+$`)),
    );
  });

  it('says when nothing would have matched, and still subscribes', async () => {
    const reply = await w.run('subscribe title:"quantum gravity"');
    expect(textOf(reply)).toContain('Last 7 days (2026-08-14 – 2026-08-20): none of the 115 papers would have matched.');
    expect(await w.app.alerts.list(dm('u1'))).toHaveLength(1);
  });

  it('reads days from the cache: a second preview asks Hugging Face nothing', async () => {
    await w.run('subscribe diffusion');
    const asked = hf.requests.length;
    await w.run('subscribe agent');
    expect(hf.requests.length).toBe(asked);
  });

  it('still subscribes when Hugging Face is down, saying which days it could not read', async () => {
    hf.failAlways({ kind: 'status', status: 503 });
    const reply = await w.run('subscribe diffusion');
    expect(textOf(reply)).toMatch(/^Subscribed/);
    expect(textOf(reply)).toContain('none of the 0 papers would have matched (could not read 2026-08-14, 2026-08-15, 2026-08-16, 2026-08-17, 2026-08-18, 2026-08-19, 2026-08-20)');
  });
});

describe('/papers subscribe: bad queries point at the problem', () => {
  it.each([
    ['(diffusion video', 'Expected ")" at position 16 to close "(" at position 0', '(diffusion video\n                ^'],
    ['titel:diffusion', 'Unknown field "titel:" at position 0', 'titel:diffusion\n^'],
    ['agent OR -survey', 'Nothing to match in the alternative at position 9', 'agent OR -survey\n         ^'],
    ['diffusion "world model', 'Unclosed quote starting at position 10', 'diffusion "world model\n          ^'],
  ])('%j', async (query, message, pointer) => {
    const reply = await w.run(`subscribe ${query}`);
    expect(reply.kind).toBe('error');
    expect(textOf(reply)).toContain(`That query does not work: ${message}`);
    expect(textOf(reply)).toContain(`\`\`\`\n${pointer}\n\`\`\``);
    expect(textOf(reply)).toContain('Examples: diffusion -survey');
    expect(await w.app.alerts.list(dm('u1'))).toEqual([]);
  });

  it('refuses a query over 300 characters, pointing at character 300', async () => {
    const reply = await w.runOptions('subscribe', { query: `${'agent '.repeat(50)}diffusion` });
    expect(textOf(reply)).toContain('Query is too long: 309 characters (at most 300)');
    // At most 60 characters of the query are quoted (30 either side of the caret), as every error quotes (README).
    expect(textOf(reply)).toContain(`\n…${'agent '.repeat(5)}diffusion\n${' '.repeat(31)}^\n`);
  });

  it('asks for a query when there is none', async () => {
    expect(textOf(await w.run('subscribe'))).toMatch(/query: write what to watch for.*\nUsage: \/papers subscribe <query…> \[--me\|--channel\]/s);
  });
});

describe('/papers subscribe: owners, duplicates and limits', () => {
  it('channel alerts need a channel manager; personal ones do not', async () => {
    expect(textOf(await w.run('subscribe agent --channel'))).toBe(
      'ERROR Only channel managers can add alerts for this channel. Use where: me to get them by DM.',
    );
    const reply = await w.run('subscribe agent --channel', { manager: true });
    expect(reply).toMatchObject({ kind: 'text', ephemeral: true });
    expect(textOf(reply)).toContain('New matching papers come in this channel');
    expect((await w.app.alerts.list(channel('c1'))).map((s) => s.query)).toEqual(['agent']);
    expect(await w.app.alerts.list(dm('u1'))).toEqual([]);
  });

  it('a duplicate query (the same once normalised) is answered with the existing id', async () => {
    const id = subscribedId(await w.run('subscribe "World Model" -survey'));
    const again = await w.runOptions('subscribe', { query: ' "world   model"   NOT Survey' });
    expect(again).toEqual({ kind: 'text', text: `You have this alert already (id ${id}): "world   model"   NOT Survey`, ephemeral: true });
    expect(await w.app.alerts.list(dm('u1'))).toHaveLength(1);
    expect(subscribedId(await w.run('subscribe "world model" -survey --channel', { manager: true }))).not.toBe(id);
  });

  it('refuses the 26th personal alert and the 51st channel alert', async () => {
    for (let i = 0; i < 25; i++) expect(textOf(await w.run(`subscribe topic${i}`))).toMatch(/^Subscribed/);
    expect(textOf(await w.run('subscribe topic25'))).toBe(
      'ERROR Not added: you have 25 keyword alerts already, the most per person. Remove one with /papers unsubscribe <id> (see /papers subscriptions).',
    );
    for (let i = 0; i < 50; i++) await w.run(`subscribe topic${i} --channel`, { manager: true, user: `m${i % 3}` });
    expect(textOf(await w.run('subscribe more --channel', { manager: true }))).toMatch(/this channel has 50 keyword alerts already, the most per channel/);
    expect(await w.app.alerts.list(channel('c1'))).toHaveLength(50);
  });

  it('a freed slot can be used again', async () => {
    const ids = [];
    for (let i = 0; i < 25; i++) ids.push(subscribedId(await w.run(`subscribe topic${i}`)));
    await w.run(`unsubscribe ${ids[7]}`);
    expect(textOf(await w.run('subscribe topic25'))).toMatch(/^Subscribed/);
    expect(await w.app.alerts.list(dm('u1'))).toHaveLength(25);
  });
});

describe('/papers subscriptions and /papers unsubscribe', () => {
  it('lists yours and this channel’s, with ids, queries and dates; only you see it', async () => {
    const a = subscribedId(await w.run('subscribe diffusion -survey'));
    w.clock.set('2026-08-21T08:00:00Z');
    const b = subscribedId(await w.run('subscribe title:agent --channel', { manager: true, user: 'u2' }));
    await w.run('subscribe robots', { user: 'u3' });
    const reply = await w.run('subscriptions');
    expect(reply).toEqual({
      kind: 'text',
      ephemeral: true,
      text: [
        'Your alerts (by DM), 1 of 25:',
        `• ${a} — diffusion -survey · Hugging Face Daily Papers · since 2026-08-20`,
        "This channel's alerts, 1 of 50:",
        `• ${b} — title:agent · Hugging Face Daily Papers · since 2026-08-21, added by u2`,
        'New papers are checked every 15 min; at most 20 alerts a day each. Remove one with /papers unsubscribe <id>.',
      ].join('\n'),
    });
  });

  it('says how to start when there are none', async () => {
    expect(textOf(await w.run('subscriptions'))).toBe(
      'You have no keyword alerts here.\nStart one with /papers subscribe, e.g. /papers subscribe diffusion -survey',
    );
  });

  it('says when alerts to you are paused because delivery failed', async () => {
    await w.run('subscribe agent');
    await w.app.delivery.destinations.markFailing(dm('u1'), 'Cannot send messages to this user', Date.parse(NOW));
    expect(textOf(await w.run('subscriptions'))).toContain('⏸ paused: delivery failed (Cannot send messages to this user) on 2026-08-20. Subscribe again to resume.');
  });

  it('subscribing again (even a duplicate) resumes alerts that had stopped', async () => {
    await w.run('subscribe agent');
    await w.app.delivery.destinations.markFailing(dm('u1'), 'Cannot send messages to this user', Date.parse(NOW));
    expect(textOf(await w.run('subscribe agent'))).toMatch(/\nAlerts to you had stopped \(Cannot send messages to this user\); they are resumed\.$/);
    expect(await w.app.delivery.destinations.isFailing(dm('u1'))).toBe(false);
  });

  it('removes your own alert, by id typed loosely, and it stops matching at once', async () => {
    const id = subscribedId(await w.run('subscribe diffusion'));
    expect(w.app.alerts.engine.size).toBe(1);
    const typed = ` ${id.toUpperCase().replace(/0/g, 'O').replace(/1/g, 'l')} `;
    expect(await w.runOptions('unsubscribe', { id: typed })).toEqual({ kind: 'text', text: `Removed your alert ${id}: diffusion`, ephemeral: true });
    expect(w.app.alerts.engine.size).toBe(0);
    expect(await w.app.alerts.list(dm('u1'))).toEqual([]);
    expect(textOf(await w.run(`unsubscribe ${id}`))).toBe(`ERROR There is no alert ${id}. /papers subscriptions lists yours and this channel's.`);
  });

  it.each([
    ['someone else’s personal alert', { user: 'u2' }, /is not yours or this channel's, so you cannot remove it/],
    ['the same person in another guild', { community: 'g2' }, /is not yours or this channel's/],
  ])('refuses to remove %s', async (_case, caller, message) => {
    const id = subscribedId(await w.run('subscribe diffusion'));
    expect(textOf(await w.run(`unsubscribe ${id}`, caller))).toMatch(message);
    expect(await w.app.alerts.list(dm('u1'))).toHaveLength(1);
  });

  it('only channel managers remove a channel’s alert', async () => {
    const id = subscribedId(await w.run('subscribe agent --channel', { manager: true }));
    expect(textOf(await w.run(`unsubscribe ${id}`, { user: 'u2' }))).toBe(`ERROR Alert ${id} belongs to this channel; only channel managers can remove it.`);
    expect(textOf(await w.run(`unsubscribe ${id}`, { user: 'u2', channel: 'c2', manager: true }))).toMatch(/is not yours or this channel's/);
    expect(textOf(await w.run(`unsubscribe ${id}`, { user: 'u2', manager: true }))).toBe(`Removed this channel's alert ${id}: agent`);
  });

  it('rejects what cannot be an id', async () => {
    expect(textOf(await w.run('unsubscribe diffusion'))).toMatch(/"diffusion" is not an alert id \(ids are 6 letters and digits/);
  });

  it('autocompletes your alerts (and this channel’s for managers), at most 25, by id prefix or query text', async () => {
    for (let i = 0; i < 20; i++) await w.run(`subscribe topic${i}`);
    const cid = subscribedId(await w.run('subscribe "long context" --channel', { manager: true, user: 'm1' }));
    for (let i = 0; i < 9; i++) await w.run(`subscribe chan${i} --channel`, { manager: true, user: 'm1' });
    const caller = { user: { id: 'u1', name: 'ada', canManageChannel: true }, where: channel('c1') };
    const all = await unsubscribeSuggestions(caller, '', w.deps);
    expect(all).toHaveLength(25);
    expect(all[0]!.name).toMatch(/^[0-9a-z]{6} · topic0$/);
    expect(await unsubscribeSuggestions(caller, 'long', w.deps)).toEqual([{ name: `${cid} · "long context" (this channel)`, value: cid }]);
    expect(await unsubscribeSuggestions(caller, cid.slice(0, 4).toUpperCase(), w.deps)).toContainEqual({ name: `${cid} · "long context" (this channel)`, value: cid });
    const member = { ...caller, user: { ...caller.user, canManageChannel: false } };
    expect(await unsubscribeSuggestions(member, 'long', w.deps)).toEqual([]);
  });
});

describe('free text for Slack and the console', () => {
  it.each([
    ['subscribe diffusion "world model" -survey', { query: 'diffusion "world model" -survey' }],
    ['subscribe title:agent OR author:"Yann LeCun" --channel', { query: 'title:agent OR author:"Yann LeCun"', where: 'channel' }],
    ['subscribe --channel diffusion', { query: 'diffusion', where: 'channel' }],
    ['subscribe query:"world model" upvotes>=20 where:channel', { query: '"world model" upvotes>=20', where: 'channel' }],
    ['subscribe diffusion --where me', { query: 'diffusion', where: 'me' }],
    ['subscribe diffusion channel', { query: 'diffusion channel' }],
    ['subscribe \u201Cworld model\u201D upvotes=3 where=channel', { query: '"world model" upvotes=3', where: 'channel' }],
    ['unsubscribe k3f9x2', { id: 'k3f9x2' }],
    ['top --month', { period: 'month' }],
  ])('%s', (text, options) => {
    expect(parseCommandText(text)).toMatchObject({ ok: true, options });
  });

  it('refuses an unknown --flag instead of reading it into the query', () => {
    expect(parseCommandText('subscribe diffusion --chanel')).toEqual({
      ok: false,
      message: 'Unknown option "--chanel".\nUsage: /papers subscribe <query…> [--me|--channel]',
    });
  });

  it('usage shows the query and the choice as flags', async () => {
    expect(textOf(await w.run('help'))).toContain('• /papers subscribe <query…> [--me|--channel] — Get alerts for new papers matching a query');
  });
});

describe('channel owner of a DM-less invocation', () => {
  it('is the channel, without a user', () => {
    expect(channelOwner({ platform: 'slack', community: 'T1', channel: 'C1', user: 'U1' })).toEqual({ platform: 'slack', community: 'T1', channel: 'C1' });
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
