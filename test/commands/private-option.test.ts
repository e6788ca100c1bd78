/**
 * Issue #12, defect 10: `private:false` meant private. `z.coerce.boolean()` is JavaScript truthiness, so the text
 * "false" (Slack and the console send options as typed text) became true in today, top and paper.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { answerLine } from '../../adapters/console/console-adapter.ts';
import type { Reply } from '../../src/model.ts';
import { fixturePapers, startCommandWorld, type CommandWorld } from '../helpers/command-world.ts';
import { openPlatform, type PlatformWorld } from '../helpers/platform-commands.ts';

let world: CommandWorld | undefined;
let slack: PlatformWorld | undefined;
afterEach(async () => {
  await world?.close();
  await slack?.close();
  world = slack = undefined;
});

const PUBLIC = ['private:false', 'private:False', 'private:no', 'private:OFF', 'private:0', '--private=false', 'private=no'];
const PRIVATE = ['private:true', 'private:Yes', 'private:on', 'private:1', '--private', '--private=TRUE'];
const NOW = new Date('2026-08-20T12:00:00Z');
const ephemeral = (reply: Reply | undefined) => (reply && 'ephemeral' in reply ? reply.ephemeral : reply);

describe('private: yes or no, as typed on the console', () => {
  it.each(['today', 'top', 'paper'])('%s reads true/false, yes/no, on/off, 1/0 in any case, and refuses anything else', async (command) => {
    const w = (world = await startCommandWorld());
    const [paper] = fixturePapers(w.hf, '2026-08-20');
    await w.vote(paper!.id, 'a', 1, '2026-08-20T09:00:00Z', 'local'); // the console's community
    const line = (flag: string) => [command, command === 'paper' ? paper!.id : '', flag].filter(Boolean).join(' ');
    for (const flag of PUBLIC) expect([flag, ephemeral(await answerLine(line(flag), w.deps, NOW))]).toEqual([flag, false]);
    for (const flag of PRIVATE) expect([flag, ephemeral(await answerLine(line(flag), w.deps, NOW))]).toEqual([flag, true]);
    const refused = await answerLine(line('private:maybe'), w.deps, NOW);
    expect(refused).toMatchObject({ kind: 'error', message: expect.stringMatching(/^private: private must be true or false \(also yes\/no, on\/off, 1\/0\)\nUsage: \/papers /) });
  });
});

describe('private: yes or no, through Slack text arguments (real Bolt against the fake Slack)', () => {
  it('today, paper and top answer in the channel for private:false and privately for private:true', async () => {
    const w = (slack = await openPlatform('slack'));
    const [paper] = fixturePapers(w.hf, '2026-08-20');
    await w.app.posts.record(w.where(), 'm-single', [paper!.id], 'single');
    await w.app.votes.handle({ where: w.where(), messageId: 'm-single', userId: 'U0VOTER001', emoji: 'up', added: true, at: new Date('2026-08-20T09:00:00Z') });
    for (const text of ['today', `paper ${paper!.id}`, 'top']) {
      expect([text, (await w.runText!(`${text} private:false`)).private]).toEqual([text, false]);
      expect([text, (await w.runText!(`${text} private:true`)).private]).toEqual([text, true]);
      expect([text, (await w.runText!(`${text} private:No`)).private]).toEqual([text, false]);
    }
    const refused = await w.runText!('today private:maybe');
    expect(refused.private).toBe(true);
    expect(refused.text).toMatch(/private must be true or false/);
  });
});
