import { describeScope } from '../src/alerts/scope.ts';
import type { Destination, Reply } from '../src/model.ts';
import type { Invocation } from './definition.ts';
import type { CommandDeps } from './deps.ts';
import { alertModeLines } from './alert-mode-common.ts';
import { createSubscription, describePreview } from './subscribe.ts';
import { alertsOf } from './subscriptions.ts';

/** `/papers subscribe like:<id or link>`: alerts for new papers similar to that one (docs/decisions/104). */
export async function subscribeLike(query: string, owner: Destination, inv: Invocation, deps: CommandDeps): Promise<Reply> {
  const alerts = alertsOf(deps);
  const settled = await createSubscription(deps, owner, query, () =>
    alerts.subscribeLike({ owner, query, createdBy: inv.user.id, createdByName: inv.user.name, now: inv.now }),
  );
  if ('reply' in settled) return settled.reply;
  const { created: outcome, resumed } = settled;
  const title = outcome.sub.like?.title ?? outcome.paper.title;
  const lines = [
    `Subscribed (id ${outcome.sub.id}): ${outcome.sub.query}, papers similar to "${title}"`,
    `New papers close enough to it come ${owner.user ? 'by DM' : 'in this channel'}, checked every ${alerts.pollMinutes} min ` +
      `(at most ${alerts.dailyCap} alerts a day, counted with your other alerts), each saying "similar to …".`,
    `Scope: ${describeScope(outcome.like.scope)}.`,
  ];
  if (resumed) lines.push(resumed);
  lines.push(...(await alertModeLines(deps, owner, inv.now)));
  try {
    const preview = await alerts.previewLike(outcome.sub.like ?? { paperId: outcome.paper.id, title, terms: [] }, outcome.like.scope, inv.now);
    const described = describePreview(preview, alerts.dailyCap);
    if (preview.matches.length > 0) lines.push(...described);
    else lines.push(described[0]!, 'It alerts when a new paper is close enough.');
  } catch (err) {
    deps.log.warn({ err }, 'like: preview failed');
    lines.push('(No preview: the recent papers could not be read just now.)');
  }
  lines.push(`The closest papers in the archive, whatever their day: /papers similar ${outcome.like.paperId}`);
  return { kind: 'text', text: lines.join('\n'), ephemeral: true };
}
