import { z } from 'zod';
import { ID_LENGTH, looksLikeId, normaliseId } from '../src/alerts/owners.ts';
import type { SubscriptionChoice } from '../src/alerts/suggest.ts';
import { destinationKey } from '../src/model.ts';
import { defineCommand, type Invocation } from './definition.ts';
import { quoteInput } from './input-limits.ts';
import type { CommandDeps } from './deps.ts';
import { alertsOf, ownersOf } from './subscriptions.ts';

const idMessage = 'give the id of the alert to remove (see /papers subscriptions)';
const input = z.object({ id: z.string({ error: idMessage }).trim().min(1, idMessage) });

/**
 * Autocomplete for `unsubscribe id:` (Discord calls it as the user types): the caller's alerts, then this channel's
 * for a channel manager, at most 25.
 */
export function unsubscribeSuggestions(
  inv: Pick<Invocation, 'user' | 'where'>,
  typed: string,
  deps: CommandDeps,
): Promise<SubscriptionChoice[]> {
  if (!deps.alerts) return Promise.resolve([]);
  const { me, channel } = ownersOf(inv);
  return deps.alerts.suggest(channel && inv.user.canManageChannel ? [me, channel] : [me], typed);
}

/** `/papers unsubscribe id:<id>`: removes one of your alerts, or (channel managers) one of this channel's. */
export const unsubscribe = defineCommand({
  name: 'unsubscribe',
  description: 'Stop a keyword alert',
  options: [
    { name: 'id', description: 'The alert’s id, from /papers subscriptions', type: 'string', required: true, accepts: 'word', maxLength: 20, autocomplete: true },
  ],
  schema: input,
  async run({ id: typed }, inv, deps) {
    const alerts = alertsOf(deps);
    const id = normaliseId(typed);
    if (!looksLikeId(id))
      return { kind: 'error', message: `${quoteInput(typed)} is not an alert id (ids are ${ID_LENGTH} letters and digits, e.g. k3f9x2). See /papers subscriptions.` };
    const { me, channel } = ownersOf(inv);
    const sub = await alerts.find(id, channel ? [me, channel] : [me]);
    if (!sub) return { kind: 'error', message: `There is no alert ${id}. /papers subscriptions lists yours and this channel's.` };
    const owner = destinationKey(sub.owner);
    const isMine = owner === destinationKey(me);
    const isChannels = channel !== undefined && owner === destinationKey(channel);
    if (!isMine && !isChannels)
      return { kind: 'error', message: `Alert ${id} is not yours or this channel's, so you cannot remove it.` };
    if (isChannels && !inv.user.canManageChannel)
      return { kind: 'error', message: `Alert ${id} belongs to this channel; only channel managers can remove it.` };
    await alerts.unsubscribe(sub);
    const whose = isMine ? 'your' : "this channel's";
    return { kind: 'text', text: `Removed ${whose} alert ${id}: ${sub.query}`, ephemeral: true };
  },
  complete: (option, typed, inv, deps) => (option === 'id' ? unsubscribeSuggestions(inv, typed, deps) : Promise.resolve([])),
});
