import type { z } from 'zod';
import { UserError } from '../src/errors.ts';
import { quoteInput } from '../src/quote-input.ts';
import type { Destination } from '../src/model.ts';
import type { ChannelSettings, ChannelSettingsService } from '../src/schedule/channel-settings.ts';
import { formatWeekdays, type Parsed } from '../src/schedule/friendly-input.ts';
import { describeSlot, nextSlot } from '../src/schedule/slots.ts';
import type { CommandDeps } from './deps.ts';

/** The channel settings service, or a clear message when this deployment has none. */
export function channelsOf(deps: CommandDeps): ChannelSettingsService {
  if (!deps.channels) throw new UserError('Daily channel posts are not available in this deployment.');
  return deps.channels;
}

/** "09:00 Europe/Paris, Mon–Fri, top 10 papers (at least 5 upvotes)" */
export function describeSettings(s: ChannelSettings): string {
  const floor = s.minUpvotes > 0 ? ` with at least ${s.minUpvotes} upvotes` : '';
  const top = `top ${s.count} paper${s.count === 1 ? '' : 's'}`;
  if (s.cadence === 'weekly') return `${s.time} ${s.timezone}, weekly on ${formatWeekdays(s.weekdays)}, the week's ${top}${floor}`;
  return `${s.time} ${s.timezone}, ${formatWeekdays(s.weekdays)}, ${top}${floor}`;
}

/** "Thu 20 Aug 2026, 09:00 Europe/Paris (UTC+2), in 1 h 20 min", never before the settings were saved. */
export function describeNextPost(s: ChannelSettings, now: Date): string {
  const slot = nextSlot(s, Math.max(now.getTime(), s.updatedAt));
  return slot ? describeSlot(slot, now.getTime()) : 'none scheduled';
}

/** For a stored zone this runtime does not know: what the posts follow meanwhile, and the command that fixes it. */
export function timeZoneWarning(s: ChannelSettings): string | undefined {
  if (s.invalidTimeZone === undefined) return undefined;
  return `⚠ The stored time zone ${quoteInput(s.invalidTimeZone)} is not a valid IANA time zone, so posts follow ${s.timezone} meanwhile. Fix it with /papers channel set timezone:<zone>, e.g. timezone:Europe/Paris.`;
}

/** "Missing Access, since 2026-08-19 09:00 UTC" */
export async function failureLine(deps: CommandDeps, where: Destination): Promise<string | undefined> {
  const failure = await deps.destinations?.failureOf(where);
  if (!failure) return undefined;
  return `${failure.reason}, since ${new Date(failure.since).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A zod transform step from a friendly parser: its message becomes the option's validation error. */
export const friendly =
  <T>(parse: (input: string) => Parsed<T>) =>
  (value: string | undefined, ctx: z.RefinementCtx): T | undefined => {
    if (value === undefined) return undefined;
    const parsed = parse(String(value));
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return undefined;
  };
