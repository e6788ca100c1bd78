/** Platform notes: one per platform and topic, kept with the time they started, cleared with undefined. */
import { afterEach, describe, expect, it } from 'vitest';
import { createPlatformStatus } from '../../src/delivery/platform-status.ts';
import type { Store } from '../../src/store/store.ts';
import { openTestStore } from '../helpers/backends.ts';

let store: Store;
afterEach(() => store.close());

describe('platform status notes', () => {
  it('keeps one note per platform and topic, keeps `since` while the text stays, and clears with undefined', async () => {
    store = await openTestStore('memory://');
    let now = 1_000;
    const status = createPlatformStatus(store, () => now);
    await status.note('slack', 'history-scope', 'scopes missing');
    now = 2_000;
    await status.note('slack', 'history-scope', 'scopes missing');
    await status.note('slack', 'other', 'something else');
    await status.note('discord', 'history-scope', 'not Slack');
    expect(await status.notes('slack')).toEqual([
      { topic: 'history-scope', text: 'scopes missing', since: 1_000 },
      { topic: 'other', text: 'something else', since: 2_000 },
    ]);
    now = 3_000;
    await status.note('slack', 'other', 'changed');
    expect((await status.notes('slack'))[1]).toEqual({ topic: 'other', text: 'changed', since: 3_000 });
    await status.note('slack', 'history-scope', undefined);
    expect((await status.notes('slack')).map((n) => n.topic)).toEqual(['other']);
    expect(await createPlatformStatus(store).notes('discord')).toEqual([{ topic: 'history-scope', text: 'not Slack', since: 2_000 }]);
  });
});
