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
    expect(v.unchangedSince(agent, before, 'agent')).toBe(true);
    expect(v.unchangedSince(NO_WORD, before, 'robot')).toBe(true);
    const robot = v.acquire('robot');
    expect(v.unchangedSince(NO_WORD, before, 'robot')).toBe(false); // it has an id now
    expect(v.unchangedSince(NO_WORD, before, 'model')).toBe(true); // another word got one
    expect(v.unchangedSince(agent, before, 'agent')).toBe(true);
    v.release(agent);
    expect(v.unchangedSince(agent, before, 'agent')).toBe(false);
    expect(v.unchangedSince(robot, before, 'robot')).toBe(true);
    const now = v.version;
    expect(v.acquire('model')).toBe(agent); // the id is reused for another word
    expect(v.unchangedSince(agent, now, 'agent')).toBe(true); // "agent" kept no id
    expect(v.unchangedSince(NO_WORD, now, 'agent')).toBe(true);
    expect(v.unchangedSince(NO_WORD, now, 'model')).toBe(false);
    v.release(robot);
    v.acquire('robot'); // a word that lost its id and got one again
    expect(v.unchangedSince(NO_WORD, now, 'robot')).toBe(false);
  });

  it('says "look it up again" for a word without an id once too many new words came since', () => {
    const v = new Vocabulary();
    const before = v.version;
    for (let i = 0; i < 63; i++) v.acquire(`w${i}`);
    expect(v.unchangedSince(NO_WORD, before, 'robot')).toBe(true);
    expect(v.unchangedSince(NO_WORD, before, 'w0')).toBe(false);
    const mid = v.version;
    v.acquire('w63');
    v.acquire('w64');
    expect(v.unchangedSince(NO_WORD, mid, 'w63')).toBe(false); // w63 came after mid, and was forgotten
    expect(v.unchangedSince(NO_WORD, before, 'robot')).toBe(false); // w0 was forgotten: no way to tell
    expect(v.unchangedSince(NO_WORD, before, 'w0')).toBe(false);
    const later = v.version;
    v.acquire('w65');
    expect(v.unchangedSince(NO_WORD, later, 'robot')).toBe(true);
    expect(v.unchangedSince(NO_WORD, later, 'w65')).toBe(false);
  });
});
