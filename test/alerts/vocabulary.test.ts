import { describe, expect, it } from 'vitest';
import { NO_WORD, Vocabulary } from '../../src/alerts/vocabulary.ts';

describe('Vocabulary', () => {
  it('gives each word one id while it has users, and forgets it with the last user', () => {
    const v = new Vocabulary();
    const agent = v.acquire('agent');
    expect(agent).not.toBe(NO_WORD);
    expect(v.acquire('agent')).toBe(agent);
    expect(v.id('agent')).toBe(agent);
    expect(v.id('robot')).toBe(NO_WORD);
    v.release(agent);
    expect(v.id('agent')).toBe(agent);
    v.release(agent);
    expect(v.id('agent')).toBe(NO_WORD);
    expect(v.size).toBe(0);
  });

  it('reuses freed ids, so per-word arrays stay as long as the words in use', () => {
    const v = new Vocabulary();
    const ids = ['a', 'b', 'c'].map((w) => v.acquire(w));
    const capacity = v.capacity;
    v.release(ids[1]!);
    const d = v.acquire('d');
    expect(d).toBe(ids[1]);
    expect(v.capacity).toBe(capacity);
    expect(v.id('b')).toBe(NO_WORD);
    expect(v.id('d')).toBe(d);
  });

  it('changes its version exactly when a word gets or loses its id', () => {
    const v = new Vocabulary();
    let version = v.version;
    const changed = (): boolean => version !== (version = v.version);
    const agent = v.acquire('agent');
    expect(changed()).toBe(true);
    v.acquire('agent');
    expect(changed()).toBe(false);
    v.release(agent);
    expect(changed()).toBe(false);
    v.release(agent);
    expect(changed()).toBe(true);
    expect(v.acquire('robot')).toBe(agent); // the id is reused for another word
    expect(changed()).toBe(true);
  });
});

describe('Vocabulary.unchangedSince', () => {
  it('says whether a word still has the id it had at a version', () => {
    const v = new Vocabulary();
    const agent = v.acquire('agent');
    const before = v.version;
    expect(v.unchangedSince(agent, before)).toBe(true);
    expect(v.unchangedSince(NO_WORD, before)).toBe(true); // "robot" has no id yet
    const robot = v.acquire('robot');
    expect(v.unchangedSince(NO_WORD, before)).toBe(false); // a word got an id: maybe the one that had none
    expect(v.unchangedSince(agent, before)).toBe(true);
    v.release(agent);
    expect(v.unchangedSince(agent, before)).toBe(false);
    expect(v.unchangedSince(robot, before)).toBe(true);
    const now = v.version;
    expect(v.acquire('model')).toBe(agent); // reused for another word
    expect(v.unchangedSince(agent, now)).toBe(true); // "agent" still has none: NO_WORD is what changed
    expect(v.unchangedSince(NO_WORD, now)).toBe(false);
  });
});
