/** Autocomplete for subscription ids, platform-neutral: the Discord adapter turns these into choices. */
import type { Destination } from '../model.ts';
import { isUserOwner, normaliseId } from './owners.ts';
import type { StoredSubscription } from './subscriptions.ts';

/** One suggestion: `name` is shown (at most 100 characters), `value` is the id the command receives. */
export interface SubscriptionChoice {
  name: string;
  value: string;
}

/** Discord's limits for autocomplete answers. */
export const MAX_CHOICES = 25;
const MAX_NAME = 100;

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * The owners' subscriptions whose id starts with `typed` or whose query contains it (case-insensitive), the person's
 * own first, at most 25: e.g. `{ name: 'k3f9x2 · diffusion -survey', value: 'k3f9x2' }`.
 */
export async function suggestSubscriptions(
  subs: { list(owner: Destination): Promise<StoredSubscription[]> },
  owner: Destination | readonly Destination[],
  typed: string,
): Promise<SubscriptionChoice[]> {
  const owners = Array.isArray(owner) ? (owner as readonly Destination[]) : [owner as Destination];
  const needle = typed.trim().toLowerCase();
  const idPrefix = normaliseId(typed);
  const choices: SubscriptionChoice[] = [];
  for (const o of owners) {
    for (const sub of await subs.list(o)) {
      if (needle && !sub.id.startsWith(idPrefix) && !sub.query.toLowerCase().includes(needle)) continue;
      const label = isUserOwner(o) ? '' : ' (this channel)';
      choices.push({ name: clip(`${sub.id} · ${sub.query.replace(/\s+/g, ' ')}`, MAX_NAME - label.length) + label, value: sub.id });
      if (choices.length === MAX_CHOICES) return choices;
    }
  }
  return choices;
}
