/** What `alerts mode` and `alerts quiet` share: whose alerts a call changes, the zone it means, and how a mode reads. */
import { z } from 'zod';
import type { AlertModes, AlertMode } from '../src/digests/alert-modes.ts';
import { scheduleOf } from '../src/digests/alert-modes.ts';
import { describeAlertMode, describeQuietHours } from '../src/digests/alert-mode-input.ts';
import { UserError } from '../src/errors.ts';
import type { Destination } from '../src/model.ts';
import { parseTimeZone } from '../src/schedule/friendly-input.ts';
import { describeSlot, nextSlot } from '../src/schedule/slots.ts';
import type { Invocation, OptionSpec } from './definition.ts';
import type { CommandDeps } from './deps.ts';
import { alertsOf, ownersOf } from './subscriptions.ts';

export const whereOption: OptionSpec = {
  name: 'where', type: 'string', choices: ['me', 'channel'], accepts: 'choice',
  description: 'me: your alerts by DM (default); channel: this channel’s alerts (channel managers)',
};
export const timezoneOption: OptionSpec = {
  name: 'timezone', type: 'string', accepts: 'timezone', maxLength: 64, description: 'IANA time zone, e.g. Europe/Paris (default: as before, or the server’s)',
};
export const whereSchema = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
  z.enum(['me', 'channel'], { error: 'where must be me (alerts by DM) or channel' }).default('me'),
);

/** The alert modes service, or a clear message when this deployment has none. */
export function modesOf(deps: CommandDeps): AlertModes {
  const modes = alertsOf(deps).modes;
  if (!modes) throw new UserError('Alert digests are not available in this deployment.');
  return modes;
}

/** The subscriber a call changes: the caller (by DM), or this channel for a channel manager. */
export function subscriberOf(where: 'me' | 'channel', inv: Invocation): Destination {
  const { me, channel } = ownersOf(inv);
  if (where === 'me') return me;
  if (!channel) throw new UserError('A channel’s alerts are set in the channel itself; here, use where: me.');
  if (!inv.user.canManageChannel) throw new UserError('Only channel managers can change how this channel gets its alerts. Use where: me for yours.');
  return channel;
}

/** The zone typed, else `fallback` (what was set before), else the server's. */
export function zoneOf(typed: string | undefined, fallback: string | undefined, deps: CommandDeps): string {
  if (typed === undefined) return fallback ?? deps.config.TZ_DEFAULT;
  const zone = parseTimeZone(typed);
  if (!zone.ok) throw new UserError(zone.message);
  return zone.value;
}

/** "Thu 20 Aug 2026, 08:00 Europe/Paris (UTC+2), in 3 h": when the held alerts next go out. */
export function nextDelivery(m: AlertMode, now: Date): string {
  const slot = nextSlot(scheduleOf(m), Math.max(now.getTime(), m.updatedAt));
  return slot ? describeSlot(slot, now.getTime()) : 'none scheduled';
}

/** The lines `subscriptions` (and `subscribe`) show about how an owner's alerts arrive. */
export async function alertModeLines(deps: CommandDeps, owner: Destination, now: Date): Promise<string[]> {
  const m = await deps.alerts?.modes?.get(owner);
  if (!m) return [];
  const whose = owner.user ? 'Your alerts' : "This channel's alerts";
  const lines = [`${whose} arrive: ${describeAlertMode(m)}; quiet hours: ${describeQuietHours(m)}.`];
  if (m.mode !== 'instant') lines.push(`  Next digest: ${nextDelivery(m, now)}.`);
  return lines;
}
