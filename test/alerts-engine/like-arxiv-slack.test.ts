/**
 * `subscribe like:` through the real Slack adapter (real Bolt receiver, signed requests, fake Slack Web API) over the
 * fake arXiv: the followed paper comes from arXiv's announcement (archived by the first poll), and a later poll DMs the
 * close paper of the same announcement, "similar to <title>", once; not the followed paper, not an unrelated one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-adapter.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { postSlashCommand } from '../fakes/slack-signing.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-server.ts';
import { until } from '../discord/harness.ts';
import { settle } from '../helpers/wait.ts';
import { announcement, idsIn, startArxivWorld, type ArxivWorld } from './arxiv-scope-world.ts';

const SECRET = 'like-test-secret';
const CLOSE = '2606.99901';
let slack: FakeSlack | undefined;
let world: ArxivWorld | undefined;
let adapter: SlackAdapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  await world?.close();
  await slack?.close();
});

const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('subscribe like: through the real Slack adapter, over arXiv', () => {
  it('DMs the close paper of a later announcement read once, "similar to <title>", and nothing on the next poll', async () => {
    const { day, p } = announcement();
    const sentences = p.abstract.split(/(?<=\.)\s+/);
    const abstract = sentences.slice(1).join(' ') || p.abstract;
    day.papers.push({
      ...p, id: CLOSE, title: `Revisiting ${p.title}`, abstract,
      description: `arXiv:${CLOSE}v1 Announce Type: new \nAbstract: ${abstract}`,
    });
    slack = await startFakeSlack();
    world = await startArxivWorld(day, { LOG_LEVEL: 'silent' });
    const { clock, client, config, log, app } = world;
    const deps: CommandDeps = { papers: app.papers, arxiv: client, config, log, alerts: app.alerts, destinations: app.delivery.destinations, archive: app.archive };
    adapter = await startSlackAdapter({
      botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: slack.apiUrl, adminUsers: [], adminCacheMs: 60_000, port: 0,
      host: '127.0.0.1', deps, posts: app.posts, store: app.store, votes: app.votes, log, now: clock.fn,
      retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 50 },
    });
    app.delivery.registerSender(adapter.sender);
    await app.start({ scheduler: false, alerts: false });
    await app.archive.start();
    const url = `http://127.0.0.1:${adapter.port}/slack/events`;

    // A keyword subscriber makes the first poll read (and archive) the announcement.
    await postSlashCommand(url, SECRET, { text: 'subscribe zzzunmatched', response_url: slack.responseUrl('kw') });
    await until(() => slack!.responsesTo('kw').at(-1));
    await app.alerts.poll(clock.now, { force: true });
    await until(async () => (await app.archive.get(p.id)) !== undefined);

    await postSlashCommand(url, SECRET, { text: `subscribe like:arxiv.org/abs/${p.id}`, response_url: slack.responseUrl('sub') });
    const answer = JSON.stringify((await until(() => slack!.responsesTo('sub').at(-1))).parsed);
    expect(answer).toContain(`like:${p.id} source:any, papers similar to`);
    expect(answer).toContain('Scope: Hugging Face Daily Papers and arXiv; revisions left out.');

    const report = await app.alerts.poll(clock.advance(3_600_000), { force: true });
    expect(report).toMatchObject({ queued: 1 });
    const dm = await until(() => {
      const posted = slack!.callsTo('chat.postMessage').filter((c) => String(c.parsed.channel).startsWith('D'));
      return posted.length > 0 ? posted : undefined;
    });
    await settle(200);
    const text = JSON.stringify(dm.map((c) => c.parsed));
    expect(idsIn(text)).toContain(CLOSE);
    expect(idsIn(text)).not.toContain(p.id);
    expect(report.alerted).toBeLessThan(day.papers.length / 4); // not the whole announcement
    expect(text).toContain(`similar to ${flat(p.title)}`.slice(0, 50));

    expect(await app.alerts.poll(clock.advance(3_600_000), { force: true })).toMatchObject({ queued: 0, alerted: 0 });
    await settle(200);
    expect(slack.callsTo('chat.postMessage').filter((c) => String(c.parsed.channel).startsWith('D'))).toHaveLength(dm.length);
  }, 60_000);
});
