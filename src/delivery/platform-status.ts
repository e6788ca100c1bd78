import { z } from 'zod';
import type { Platform } from '../model.ts';
import type { Store } from '../store/store.ts';

/** A standing remark about a platform, e.g. "Slack history scopes missing: a lost answer may be re-posted". */
export interface PlatformNote {
  /** What it is about, one note per topic (e.g. `history-scope`). */
  topic: string;
  text: string;
  /** Epoch ms since the note has said this. */
  since: number;
}

/**
 * Notes a platform's adapter leaves for people to read (`/papers channel show`), about the platform as a whole rather
 * than one destination: a degraded guarantee, a missing scope. Stored so every instance and command sees them.
 */
export interface PlatformStatus {
  /** Sets the note on `topic`, or clears it with `undefined`. Writing the same text again keeps its `since`. */
  note(platform: Platform, topic: string, text: string | undefined): Promise<void>;
  /** The platform's notes, oldest first. */
  notes(platform: Platform): Promise<PlatformNote[]>;
}

const noteSchema = z.object({ text: z.string(), since: z.number() });

export function createPlatformStatus(store: Store, now: () => number = Date.now): PlatformStatus {
  const notes = store.collection('platform-status', noteSchema);
  return {
    async note(platform, topic, text) {
      const key = `${platform}:${topic}`;
      if (text === undefined) {
        await notes.delete(key);
        return;
      }
      if ((await notes.get(key))?.text === text) return;
      await notes.set(key, { text, since: now() });
    },
    async notes(platform) {
      const found: PlatformNote[] = [];
      for await (const [key, value] of notes.entries()) {
        if (key.startsWith(`${platform}:`)) found.push({ topic: key.slice(platform.length + 1), ...value });
      }
      return found.sort((a, b) => a.since - b.since);
    },
  };
}
