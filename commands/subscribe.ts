import { z } from 'zod';
import type { SubscribeOutcome } from '../src/alerts/alert-service.ts';
import { QUERY_EXAMPLES, pointAtError } from '../src/alerts/explain-error.ts';
import type { AlertPreview } from '../src/alerts/preview.ts';
import { MAX_QUERY_LENGTH, QueryError } from '../src/alerts/query.ts';
import { UserError } from '../src/errors.ts';
import type { Destination, Reply } from '../src/model.ts';
import { defineCommand } from './definition.ts';
import type { CommandDeps } from './deps.ts';
import { alertsOf, ownersOf } from './subscriptions.ts';

const queryMessage = 'write what to watch for, e.g. diffusion -survey';
const input = z.object({
  query: z.string({ error: queryMessage }).trim().min(1, queryMessage),
  where: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(['me', 'channel'], { error: 'where must be me (alerts by DM) or channel' }).default('me'),
  ),
});

/** The error reply for a query that does not parse: the message, the query with a caret, and examples. */
export function queryErrorReply(query: string, err: QueryError): Reply {
  const message = [
    `That query does not work: ${err.message}.`,
    '```',
    pointAtError(query, err),
    '```',
    `Examples: ${QUERY_EXAMPLES.join(' · ')}`,
  ].join('\n');
  return { kind: 'error', message };
}

const oneLine = (s: string, max = 120) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
};

/** "Last 7 days (2026-08-14 – 2026-08-20): 4 of 312 papers would have matched, e.g." and up to three of them. */
export function describePreview(p: AlertPreview): string[] {
  const span = `Last 7 days (${p.from} – ${p.to})`;
  const missing = p.unavailable.length ? ` (could not read ${p.unavailable.join(', ')})` : '';
  if (p.matches.length === 0)
    return [
      `${span}: none of the ${p.papers} papers would have matched${missing}.`,
      'That can be right for a rare topic; otherwise check the spelling, or broaden the query (fewer words, OR).',
    ];
  const n = p.matches.length;
  const lines = [`${span}: ${n} of ${p.papers} papers would have matched${missing}${n > 3 ? ', e.g.' : ':'}`];
  for (const { paper, why } of p.matches.slice(0, 3))
    lines.push(`• ${oneLine(paper.title)} (${paper.day}, ▲ ${paper.upvotes}) — matched: ${why.join('; ')}`);
  if (n > 15) lines.push(`That is about ${Math.round(n / 7)} a day; narrow it with more words, title:, or -exclusions if it is too many.`);
  return lines;
}

/** Subscribing says "I want these": a destination that had failed (DMs closed, access lost) is tried again. */
async function resumeDelivery(deps: CommandDeps, owner: Destination): Promise<string | undefined> {
  const failure = await deps.destinations?.failureOf(owner);
  if (!failure || !(await deps.destinations?.clearFailure(owner))) return undefined;
  return `Alerts ${owner.user ? 'to you' : 'here'} had stopped (${failure.reason}); they are resumed.`;
}

function outcomeReply(outcome: SubscribeOutcome, owner: Destination, query: string): Reply | undefined {
  const whose = owner.user ? 'You have' : 'This channel has';
  if (outcome.status === 'duplicate')
    return { kind: 'text', text: `${whose} this alert already (id ${outcome.id}): ${query}`, ephemeral: true };
  if (outcome.status === 'full') {
    const who = owner.user ? 'you have' : 'this channel has';
    const most = owner.user ? 'the most per person' : 'the most per channel';
    return {
      kind: 'error',
      message: `Not added: ${who} ${outcome.limit} keyword alerts already, ${most}. Remove one with /papers unsubscribe <id> (see /papers subscriptions).`,
    };
  }
  return undefined;
}

/** `/papers subscribe query:<text> [where: me|channel]`: a keyword alert, answered with a preview of recent matches. */
export const subscribe = defineCommand({
  name: 'subscribe',
  description: 'Get alerts for new papers matching a query',
  options: [
    {
      name: 'query', type: 'string', required: true, rest: true, maxLength: MAX_QUERY_LENGTH,
      description: 'e.g. diffusion -survey, "world model" OR agents, title:RAG upvotes>=20',
    },
    {
      name: 'where', type: 'string', choices: ['me', 'channel'], accepts: 'choice',
      description: 'me: by DM (default); channel: posted here (channel managers)',
    },
  ],
  schema: input,
  async run({ query, where }, inv, deps) {
    const alerts = alertsOf(deps);
    const { me, channel } = ownersOf(inv);
    let owner = me;
    if (where === 'channel') {
      if (!channel) throw new UserError('Channel alerts are added in the channel itself; here, use where: me.');
      if (!inv.user.canManageChannel)
        throw new UserError('Only channel managers can add alerts for this channel. Use where: me to get them by DM.');
      owner = channel;
    }
    let outcome: SubscribeOutcome;
    try {
      outcome = await alerts.subscribe({ owner, query, createdBy: inv.user.id, createdByName: inv.user.name, now: inv.now });
    } catch (err) {
      if (err instanceof QueryError) return queryErrorReply(query, err);
      throw err;
    }
    const resumed = outcome.status === 'full' ? undefined : await resumeDelivery(deps, owner);
    const refused = outcomeReply(outcome, owner, query);
    if (refused?.kind === 'text' && resumed) refused.text += `\n${resumed}`;
    if (refused || outcome.status !== 'created') return refused ?? { kind: 'error', message: 'Not added.' };
    const how = owner.user ? 'by DM' : 'in this channel';
    const lines = [
      `Subscribed (id ${outcome.sub.id}): ${outcome.sub.query}`,
      `New matching papers come ${how}, checked every ${alerts.pollMinutes} min (at most ${alerts.dailyCap} a day).`,
    ];
    if (resumed) lines.push(resumed);
    try {
      lines.push(...describePreview(await alerts.preview(outcome.parsed, inv.now)));
    } catch (err) {
      deps.log.warn({ err }, 'alert preview failed');
      lines.push('(No preview: the recent papers could not be read just now.)');
    }
    return { kind: 'text', text: lines.join('\n'), ephemeral: true };
  },
});
