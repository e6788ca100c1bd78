import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCommandWorld, type CommandWorld } from '../helpers/command-world.ts';

let w: CommandWorld;
beforeEach(async () => {
  w = await startCommandWorld();
});
afterEach(async () => w.close());

describe('/papers help', () => {
  it('explains the Details, Cite and Similar actions and their console commands', async () => {
    const reply = await w.run('help');
    expect(reply.kind).toBe('text');
    const text = reply.kind === 'text' ? reply.text : '';
    expect(text).toContain('Details (abstract, all authors');
    expect(text).toContain('posted once in the thread under the message');
    expect(text).toContain('Cite (BibTeX, for you only)');
    expect(text).toContain('Similar (the papers of the archive most like it');
    expect(text).toContain('details <n>, cite <n>, similar <n>');
  });
});
