import { z } from 'zod';
import type { DestinationHealth } from '../delivery/destination-health.ts';
import { destinationSchema } from '../delivery/reply-schema.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { destinationKey, type Destination } from '../model.ts';
import { quoteInput } from '../quote-input.ts';
import type { Store } from '../store/store.ts';
import { isKnownTimeZone } from './zone-validity.ts';

/** A channel's daily post, stored per destination key in the `channels` collection. */
export const channelSettingsSchema = z.object({
  to: destinationSchema,
  enabled: z.boolean(),
  /** Local wall-clock time, HH:MM (24 h). */
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  /** IANA zone, canonical spelling. Any string is read (an old or hand-edited value); see `invalidTimeZone`. */
  timezone: z.string(),
  /** ISO day numbers, 1 = Monday … 7 = Sunday. */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1),
  count: z.number().int().min(1).max(25),
  minUpvotes: z.number().int().min(0),
  /** `weekly`: one post a week (on the one day in `weekdays`) of the week's top papers; absent or `daily`: the daily post. */
  cadence: z.enum(['daily', 'weekly']).optional(),
  /** Epoch ms of the last change: slots before it never fire (no surprise post right after `channel set`). */
  updatedAt: z.number(),
  updatedBy: z.string().optional(),
});
export type ChannelSettings = z.infer<typeof channelSettingsSchema> & {
  /**
   * Set on read, never stored: the stored zone, when this runtime does not know it (luxon would give invalid dates and
   * the channel would never post). `timezone` is then the deployment's TZ_DEFAULT, which the posts follow meanwhile
   * (decision 086).
   */
  invalidTimeZone?: string;
  /** Set on the schedule of a subscriber's alert digest (src/digests), never on a stored channel: its slot delivers held alerts. */
  alertDigest?: true;
};

/** What `/papers channel set` may change; anything left out keeps its stored (or default) value. */
export type ChannelSettingsPatch = Partial<Pick<ChannelSettings, 'time' | 'timezone' | 'weekdays' | 'count' | 'minUpvotes' | 'cadence'>>;

/** Reads and writes channels' daily-post settings, and tells listeners (the scheduler's index) about each change. */
export interface ChannelSettingsService {
  get(to: Destination): Promise<ChannelSettings | undefined>;
  /** Merges the patch into the stored or default settings, turns the post on, and clears a failure mark. */
  set(to: Destination, patch: ChannelSettingsPatch, at: Date, by?: string): Promise<{ settings: ChannelSettings; clearedFailure: boolean }>;
  /** Turns the post off, keeping the rest for a later `set`. Undefined when the channel had no settings. */
  off(to: Destination, at: Date, by?: string): Promise<ChannelSettings | undefined>;
  all(): AsyncIterable<ChannelSettings>;
  onChange(listener: (settings: ChannelSettings) => void): () => void;
  defaults(to: Destination, at: Date): ChannelSettings;
}

export interface ChannelSettingsOptions {
  store: Store;
  /** TZ_DEFAULT; also where a channel whose stored zone is invalid posts meanwhile. */
  defaultTimeZone: string;
  health?: DestinationHealth;
  /** Where a stored invalid zone is reported (once per channel and zone). */
  log?: Logger;
}

export const DEFAULT_POST = { time: '09:00', weekdays: [1, 2, 3, 4, 5], count: 10, minUpvotes: 0 } as const;

/**
 * A channel's settings are one value written whole. Two managers editing the same channel at once is last-writer-wins,
 * which is what a settings form means; no other writer touches the value.
 */
export function createChannelSettings(opts: ChannelSettingsOptions): ChannelSettingsService {
  const channels = opts.store.collection('channels', channelSettingsSchema);
  const listeners = new Set<(s: ChannelSettings) => void>();
  const changed = (s: ChannelSettings) => {
    for (const l of listeners) l(s);
    return s;
  };
  const warned = new Map<string, string>();
  /** The settings as they are followed: a zone this runtime does not know is replaced by TZ_DEFAULT, and reported. */
  const effective = (s: ChannelSettings): ChannelSettings => {
    if (isKnownTimeZone(s.timezone)) return s;
    const key = destinationKey(s.to);
    if (warned.get(key) !== s.timezone) {
      warned.set(key, s.timezone);
      opts.log?.warn(
        { channel: key, timezone: s.timezone.slice(0, 100), fallback: opts.defaultTimeZone },
        'stored time zone is not valid: the daily post follows TZ_DEFAULT until a manager runs channel set with a time zone',
      );
    }
    return { ...s, timezone: opts.defaultTimeZone, invalidTimeZone: s.timezone };
  };
  const read = async (to: Destination) => {
    const stored = await channels.get(destinationKey(to));
    return stored && effective(stored);
  };
  const defaults = (to: Destination, at: Date): ChannelSettings => ({
    to,
    enabled: false,
    ...DEFAULT_POST,
    weekdays: [...DEFAULT_POST.weekdays],
    timezone: opts.defaultTimeZone,
    updatedAt: at.getTime(),
  });
  return {
    defaults,
    get: read,
    async set(to, patch, at, by) {
      const current = (await channels.get(destinationKey(to))) ?? defaults(to, at);
      const settings = channelSettingsSchema.parse({ ...current, ...patch, to, enabled: true, updatedAt: at.getTime(), updatedBy: by });
      if (!isKnownTimeZone(settings.timezone))
        throw new UserError(`This channel's stored time zone ${quoteInput(settings.timezone)} is not valid; give one with timezone:, e.g. Europe/Paris or UTC.`);
      await channels.set(destinationKey(to), settings);
      const clearedFailure = (await opts.health?.clearFailure(to)) ?? false;
      return { settings: changed(settings), clearedFailure };
    },
    async off(to, at, by) {
      const current = await channels.get(destinationKey(to));
      if (!current) return undefined;
      const settings = { ...current, enabled: false, updatedAt: at.getTime(), updatedBy: by };
      await channels.set(destinationKey(to), settings);
      return changed(effective(settings));
    },
    async *all() {
      for await (const [, s] of channels.entries()) yield effective(s);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
