import { z } from 'zod';
import type { AlertService } from '../src/alerts/alert-service.ts';
import { channelOwner, limitOf, userOwner } from '../src/alerts/owners.ts';
import { MAX_QUERY_LENGTH, STORED_QUERY_SLACK, parseAlertQuery } from '../src/alerts/query.ts';
import { likeReason } from '../src/alerts/like-profile.ts';
import { parseLikeQuery } from '../src/alerts/like-query.ts';
import { describeScope } from '../src/alerts/scope.ts';
import type { StoredSubscription } from '../src/alerts/subscriptions.ts';
import { UserError } from '../src/errors.ts';
import type { Destination } from '../src/model.ts';
import { alertModeLines } from './alert-mode-common.ts';
import { defineCommand, type Invocation } from './definition.ts';
import type { CommandDeps } from './deps.ts';

/** The alerts service, or a clear message when this deployment has none. */
export function alertsOf(deps: CommandDeps): AlertService {
  if (!deps.alerts) throw new UserError('Keyword alerts are not available in this deployment.');
  return deps.alerts;
}

/** The subscribers an invocation speaks for: the caller (by DM) and, outside DMs, the channel it came from. */
export function ownersOf(inv: Pick<Invocation, 'user' | 'where'>): { me: Destination; channel?: Destination } {
  return { me: userOwner(inv.where, inv.user.id), channel: inv.where.user ? undefined : channelOwner(inv.where) };
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The scope a stored query has (one that names no source is Hugging Face only), or undefined if it no longer parses. */
function scopeOf(sub: StoredSubscription): string | undefined {
  try {
    if (sub.like) return describeScope(parseLikeQuery(sub.query).scope);
    return describeScope(parseAlertQuery(sub.query, { maxLength: MAX_QUERY_LENGTH + STORED_QUERY_SLACK }).scope);
  } catch {
    return undefined;
  }
}

/** "• k3f9x2 — diffusion -survey · Hugging Face Daily Papers · since 2026-08-20" */
export function describeSubscription(sub: StoredSubscription, withAuthor = false): string {
  const by = withAuthor ? `, added by ${sub.createdByName ?? sub.createdBy}` : '';
  const scope = scopeOf(sub);
  const what = sub.like ? `${sub.query.split(' ')[0]} (papers ${likeReason(sub.like.title)})` : sub.query;
  return `• ${sub.id} — ${what}${scope ? ` · ${scope}` : ''} · since ${day(sub.createdAt)}${by}`;
}

async function pausedLine(deps: CommandDeps, owner: Destination): Promise<string | undefined> {
  const failure = await deps.destinations?.failureOf(owner);
  return failure && `  ⏸ paused: delivery failed (${failure.reason}) on ${day(failure.since)}. Subscribe again to resume.`;
}

/** `/papers subscriptions`: your alert subscriptions and this channel's, with their ids. Only you see the answer. */
export const subscriptions = defineCommand({
  name: 'subscriptions',
  description: 'List your keyword alerts and this channel’s',
  options: [],
  schema: z.object({}),
  async run(_input, inv, deps) {
    const alerts = alertsOf(deps);
    const { me, channel } = ownersOf(inv);
    const mine = await alerts.list(me);
    const theirs = channel ? await alerts.list(channel) : [];
    const lines: string[] = [];
    if (mine.length === 0) lines.push('You have no keyword alerts here.');
    else {
      lines.push(`Your alerts (by DM), ${mine.length} of ${limitOf(me)}:`, ...mine.map((s) => describeSubscription(s)));
      const paused = await pausedLine(deps, me);
      if (paused) lines.push(paused);
    }
    if (channel && theirs.length > 0) {
      lines.push(`This channel's alerts, ${theirs.length} of ${limitOf(channel)}:`, ...theirs.map((s) => describeSubscription(s, true)));
      const paused = await pausedLine(deps, channel);
      if (paused) lines.push(paused);
    }
    lines.push(...(await alertModeLines(deps, me, inv.now)), ...(channel ? await alertModeLines(deps, channel, inv.now) : []));
    lines.push(
      mine.length + theirs.length === 0
        ? 'Start one with /papers subscribe, e.g. /papers subscribe diffusion -survey'
        : `New papers are checked every ${alerts.pollMinutes} min; at most ${alerts.dailyCap} alerts a day each. Remove one with /papers unsubscribe <id>.`,
    );
    return { kind: 'text', text: lines.join('\n'), ephemeral: true };
  },
});
