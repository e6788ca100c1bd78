import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsoleAdapter } from '../../adapters/console/console-adapter.ts';
import { fixturePapers, startCommandWorld, type CommandWorld } from '../helpers/command-world.ts';

let w: CommandWorld;
beforeEach(async () => {
  w = await startCommandWorld();
});
afterEach(async () => w.close());

async function consoleSession(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => (out += d.toString()));
  const done = startConsoleAdapter({
    deps: w.deps,
    input,
    output,
    banner: 'test console',
    now: () => new Date('2026-08-20T12:00:00Z'),
    voting: { posts: w.posts, votes: w.votes },
  });
  input.end(`${lines.join('\n')}\n`);
  await done;
  return out;
}

describe('voting from the console', () => {
  it('turns react lines into votes on the last list or paper, as chat reactions would', async () => {
    const [, second] = fixturePapers(w.hf, '2026-08-20');
    const out = await consoleSession([
      '/papers today 3',
      'react 2',
      'react 2 as bob',
      'react 2 as bob',
      'react 4',
      'react up',
      '/papers paper 2405.15738',
      'react down as carol',
      'react 1',
      '/papers top',
    ]);
    expect(out).toMatch(/\(message m[0-9a-z]+-1 · vote: react m[0-9a-z]+-1 <1-3> \[as <name>\], undo with unreact\)/);
    expect(out).toContain(`Vote recorded for ${second!.id} by console; community net now +1.`);
    expect(out).toContain(`Vote recorded for ${second!.id} by bob; community net now +2.`);
    expect(out.split(`by bob; community net now +2.`)).toHaveLength(3);
    expect(out).toContain('⚠ Not counted: that list has fewer papers.');
    expect(out).toContain('⚠ Not counted: lists are voted with 1…10.');
    expect(out).toContain('Vote recorded for 2405.15738 by carol; community net now -1.');
    expect(out).toContain('⚠ Not counted: a single paper is voted with up/down.');
    expect(out).toContain(`▲ ${second!.upvotes} · +2 community`);
  });

  it('removes a vote with unreact on a named message', async () => {
    const out = await consoleSession(['/papers paper 2405.15738']);
    const id = /\(message (m[0-9a-z]+-1)/.exec(out)![1]!;
    const more = await consoleSession([`react ${id} up as ann`, `unreact ${id} up as ann`]);
    expect(more).toContain('Vote recorded for 2405.15738 by ann; community net now +1.');
    expect(more).toContain('Vote removed for 2405.15738 by ann; community net now 0.');
  });
});
