import { z } from 'zod';
import type { SubscribeOutcome } from '../src/alerts/alert-service.ts';
import { QUERY_EXAMPLES, pointAtError } from '../src/alerts/explain-error.ts';
import type { AlertPreview } from '../src/alerts/preview.ts';
import type { CreateOutcome } from '../src/alerts/subscriptions.ts';
import { MAX_QUERY_LENGTH, QueryError } from '../src/alerts/query.ts';
import { isLikeQuery } from '../src/alerts/like-query.ts';
import { describeScope, sourceLine } from '../src/alerts/scope.ts';
import { UserError } from '../src/errors.ts';
import type { Destination, Paper, Reply } from '../src/model.ts';
import { defineCommand } from './definition.ts';
import type { CommandDeps } from './deps.ts';
import { alertModeLines } from './alert-mode-common.ts';
import { subscribeLike } from './subscribe-like.ts';
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
function queryErrorReply(query: string, err: QueryError): Reply {
  const message = [
    `That query does not work: ${err.message}.`,
    '```',
    pointAtError(query, err),
    '```',
    `Examples: ${QUERY_EXAMPLES.join(' · ')}`,
    ...(/(^|[\s(])like:/i.test(query) && !isLikeQuery(query) ? ['To follow a paper, like:<id> starts the query on its own: like:2405.15738'] : []),
  ].join('\n');
  return { kind: 'error', message };
}

const oneLine = (s: string, max = 120) => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
};

/** "Last 7 days (2026-08-14 – 2026-08-20)", "arXiv's announcement of 2026-08-19", or both. */
function spanOf(p: AlertPreview): string {
  const hf = p.hf ? `Last 7 days (${p.from} – ${p.to})` : '';
  const days = p.arxivDays;
  const arxiv =
    days.length > 1 ? `arXiv's announcements of ${days[0]} – ${days.at(-1)} (${days.length} days)` : days.length === 1 ? `arXiv's announcement of ${days[0]}` : '';
  return hf && arxiv ? `${hf} and ${arxiv}` : hf || arxiv || "arXiv's newest announcement";
}

/** Where a previewed paper was listed: its day, and its upvotes on HF or its arXiv categories. */
function listedAs(paper: Paper): string {
  const onHf = (paper.seenOn ?? ['hf']).includes('hf');
  return `${paper.day}, ${onHf ? `▲ ${paper.upvotes}` : sourceLine(paper)}`;
}

/**
 * "Last 7 days (2026-08-14 – 2026-08-20): 4 of 312 papers would have matched, e.g." and up to three of them; a warning
 * when that is more than the daily cap a day on average.
 */
export function describePreview(p: AlertPreview, cap = Infinity): string[] {
  const span = spanOf(p);
  const missing = [
    p.unavailable.length ? `could not read ${p.unavailable.join(', ')}` : '',
    p.arxivMissing ? "arXiv's announcement could not be read yet" : '',
  ].filter(Boolean);
  const note = missing.length ? ` (${missing.join('; ')})` : '';
  if (p.matches.length === 0)
    return [
      `${span}: none of the ${p.papers} papers would have matched${note}.`,
      'That can be right for a rare topic; otherwise check the spelling, or broaden the query (fewer words, OR).',
    ];
  const n = p.matches.length;
  const lines = [`${span}: ${n} of ${p.papers} papers would have matched${note}${n > 3 ? ', e.g.' : ':'}`];
  for (const { paper, why } of p.matches.slice(0, 3)) lines.push(`• ${oneLine(paper.title)} (${listedAs(paper)}) — matched: ${why.join('; ')}`);
  if (p.perDay > cap) {
    const cat = p.scope.source !== 'hf' && p.scope.categories.length === 0 ? ', cat:cs.CL' : '';
    lines.push(
      `⚠ That is about ${Math.round(p.perDay)} a day, more than the daily limit of ${cap} alerts, so some would be cut. ` +
        `Narrow it: a field (title:word), a "quoted phrase", -exclusions${cat}.`,
    );
  }
  return lines;
}

/** What to add about the scope: how to change it, or that the arXiv source is off. */
function scopeNote({ scope, explicit }: SubscribeOutcome['parsed'], arxivOn: boolean): string {
  if (scope.source !== 'hf' && !arxivOn) return ' The arXiv source is off on this bot, so only Hugging Face papers can match for now.';
  if (!explicit && arxivOn) return ' Add source:hf, source:arxiv or cat:cs.CL to the query to change it.';
  return '';
}

/** Subscribing says "I want these": a destination that had failed (DMs closed, access lost) is tried again. */
async function resumeDelivery(deps: CommandDeps, owner: Destination): Promise<string | undefined> {
  const failure = await deps.destinations?.failureOf(owner);
  if (!failure || !(await deps.destinations?.clearFailure(owner))) return undefined;
  return `Alerts ${owner.user ? 'to you' : 'here'} had stopped (${failure.reason}); they are resumed.`;
}

function outcomeReply(outcome: CreateOutcome, owner: Destination, query: string): Reply | undefined {
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

/**
 * Creates a subscription (keyword or `like:`) and settles what every subscribe answer shares: a query error shown with
 * its place, paused delivery resumed, a duplicate or a full list answered. Otherwise the new one and the resume line.
 */
export async function createSubscription<O extends CreateOutcome>(
  deps: CommandDeps,
  owner: Destination,
  query: string,
  create: () => Promise<O>,
): Promise<{ reply: Reply } | { created: Extract<O, { status: 'created' }>; resumed: string | undefined }> {
  let outcome: O;
  try {
    outcome = await create();
  } catch (err) {
    if (err instanceof QueryError) return { reply: queryErrorReply(query, err) };
    throw err;
  }
  const resumed = outcome.status === 'full' ? undefined : await resumeDelivery(deps, owner);
  const refused = outcomeReply(outcome, owner, query);
  if (refused?.kind === 'text' && resumed) refused.text += `\n${resumed}`;
  if (refused || outcome.status !== 'created') return { reply: refused ?? { kind: 'error', message: 'Not added.' } };
  return { created: outcome as Extract<O, { status: 'created' }>, resumed };
}

/** `/papers subscribe query:<text> [where: me|channel]`: a keyword alert, answered with a preview of recent matches. */
export const subscribe = defineCommand({
  name: 'subscribe',
  description: 'Get alerts for new papers matching a query, or similar to a paper (like:<id>)',
  options: [
    {
      name: 'query', type: 'string', required: true, rest: true, maxLength: MAX_QUERY_LENGTH,
      description: 'e.g. diffusion -survey, "world model" OR agents, title:RAG upvotes>=20, like:2405.15738',
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
    if (isLikeQuery(query)) return subscribeLike(query, owner, inv, deps);
    const settled = await createSubscription(deps, owner, query, () =>
      alerts.subscribe({ owner, query, createdBy: inv.user.id, createdByName: inv.user.name, now: inv.now }),
    );
    if ('reply' in settled) return settled.reply;
    const { created: outcome, resumed } = settled;
    const how = owner.user ? 'by DM' : 'in this channel';
    const lines = [
      `Subscribed (id ${outcome.sub.id}): ${outcome.sub.query}`,
      `New matching papers come ${how}, checked every ${alerts.pollMinutes} min (at most ${alerts.dailyCap} a day).`,
      `Scope: ${describeScope(outcome.parsed.scope)}.${scopeNote(outcome.parsed, alerts.arxivOn)}`,
    ];
    if (resumed) lines.push(resumed);
    lines.push(...(await alertModeLines(deps, owner, inv.now)));
    try {
      lines.push(...describePreview(await alerts.preview(outcome.parsed, inv.now), alerts.dailyCap));
    } catch (err) {
      deps.log.warn({ err }, 'alert preview failed');
      lines.push('(No preview: the recent papers could not be read just now.)');
    }
    return { kind: 'text', text: lines.join('\n'), ephemeral: true };
  },
});
