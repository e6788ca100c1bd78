/**
 * Alert scopes through the real Slack adapter (real Bolt receiver, signed requests, fake Slack Web API), the fake arXiv
 * and the fake HF: a `source:any` subscriber is DMed a paper from arXiv once, with its source and categories in the
 * reasons, and not again when HF lists the same paper.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-adapter.ts';
import type { CommandDeps } from '../../commands/deps.ts';
import { postSlashCommand } from '../fakes/slack-signing.ts';
import { startFakeSlack, type FakeSlack } from '../fakes/slack-server.ts';
import { until } from '../discord/harness.ts';
import { settle } from '../helpers/wait.ts';
import { ARXIV_DAY, announcement, hfItem, idsIn, startArxivWorld, type ArxivWorld } from './arxiv-scope-world.ts';

const SECRET = 'scope-test-secret';
let slack: FakeSlack | undefined;
let world: ArxivWorld | undefined;
let adapter: SlackAdapter | undefined;
afterEach(async () => {
  await adapter?.stop();
  await world?.close();
  await slack?.close();
});

describe('alert scopes through the real Slack adapter', () => {
  it('a source:any alert comes from arXiv once by DM, says "arXiv <categories> (new)", and is not repeated when HF lists the paper', async () => {
    const { day, p } = announcement();
    slack = await startFakeSlack();
    world = await startArxivWorld(day, { LOG_LEVEL: 'silent' });
    const { hf, clock, client, config, log, app } = world;
    const deps: CommandDeps = { papers: app.papers, arxiv: client, config, log, alerts: app.alerts, destinations: app.delivery.destinations };
    adapter = await startSlackAdapter({
      botToken: 'xoxb-test', signingSecret: SECRET, apiUrl: slack.apiUrl, adminUsers: [], adminCacheMs: 60_000, port: 0,
      host: '127.0.0.1', deps, posts: app.posts, store: app.store, votes: app.votes, log, now: clock.fn,
      retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 50 },
    });
    app.delivery.registerSender(adapter.sender);
    await app.start({ scheduler: false, alerts: false });
    const url = `http://127.0.0.1:${adapter.port}/slack/events`;

    const words = p.title.split(/\s+/).slice(0, 4).join(' ');
    await postSlashCommand(url, SECRET, { text: `subscribe title:"${words}"`, response_url: slack.responseUrl('sub') });
    const answer = await until(() => slack!.responsesTo('sub').at(-1));
    expect(JSON.stringify(answer.parsed)).toContain('source:any');
    expect(JSON.stringify(answer.parsed)).toContain('Scope: Hugging Face Daily Papers and arXiv; revisions left out.');

    expect(await app.alerts.poll(clock.now, { force: true })).toMatchObject({ queued: 1, alerted: 1 });
    const opened = await until(() => slack!.callsTo('conversations.open').at(0));
    expect(opened.parsed.users).toBe('U0HUMAN001');
    const dm = await until(() => {
      const posted = slack!.callsTo('chat.postMessage').filter((c) => String(c.parsed.channel).startsWith('D'));
      return posted.length > 0 ? posted : undefined;
    });
    const text = JSON.stringify(dm.map((c) => c.parsed));
    expect(idsIn(text)).toEqual(expect.arrayContaining([p.id]));
    expect(new Set(idsIn(text))).toEqual(new Set([p.id]));
    expect(text).toContain(`arXiv ${p.categories.slice(0, 3).join(', ')} (new)`);

    hf.days.set(ARXIV_DAY, [hfItem(p)]);
    expect(await app.alerts.poll(clock.advance(3 * 3_600_000), { force: true })).toMatchObject({ queued: 0, alerted: 0 });
    expect(hf.requests.some((r) => r.query.date === ARXIV_DAY)).toBe(true);
    await settle(200);
    expect(slack.callsTo('chat.postMessage').filter((c) => String(c.parsed.channel).startsWith('D'))).toHaveLength(dm.length);
  }, 60_000);
});
