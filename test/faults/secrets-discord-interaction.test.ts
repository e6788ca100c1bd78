/** Issue #12, defect 5: a failed interaction reply is logged with discord.js's error, whose `url` holds the interaction token. */
import { afterEach, describe, expect, it } from 'vitest';
import { GENERIC_FAILURE } from '../../adapters/discord/interactions.ts';
import { startHarness, until, type Harness } from '../discord/harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a Discord interaction reply that fails is logged without its interaction token', () => {
  it.each([
    ['the edit of the deferred reply (PATCH @original)', /^PATCH \/webhooks\//, {}],
    ['a follow-up (POST /webhooks/{app}/{token})', /^POST \/webhooks\//, { limit: 25, date: '2026-08-18' }],
  ])('%s answers 500: the logged DiscordAPIError keeps its url, with the token redacted', async (_what, route, options) => {
    h = await startHarness({ logLevel: 'trace' });
    h.discord.failNext({ route, status: 500, times: 4 });
    const sent = h.discord.sendSlashCommand({ subcommand: 'today', options, channelId: 'c1' });
    const channel = h.discord.channel('c1').id;
    await until(() => h!.discord.messagesIn(channel).find((m) => m.via === 'followup' && m.content === GENERIC_FAILURE && m.interactionToken === sent.token));
    const failed = h.logged.find((l) => l.msg === 'Discord interaction failed') as { err?: { url?: string; status?: number } } | undefined;
    expect(failed?.err?.status).toBe(500);
    expect(failed?.err?.url).toMatch(new RegExp(`/webhooks/${h.discord.applicationId}/\\[redacted\\]`));
    expect(sent.token.length).toBeGreaterThan(10);
    expect(JSON.stringify(h.logged)).not.toContain(sent.token);
  });
});
