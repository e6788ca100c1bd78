import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('has a working default for everything', () => {
    const c = loadConfig({});
    expect(c.STORE_URL).toBe('sqlite://./data/paperboy.sqlite');
    expect(c.HF_ENDPOINT).toBe('https://huggingface.co');
    expect(c.DISCORD_TOKEN).toBeUndefined();
  });

  it('lists every problem at once, readably', () => {
    let err: unknown;
    try {
      loadConfig({ STORE_URL: 'mongo://x', TZ_DEFAULT: 'Mars/Olympus', HF_ENDPOINT: 'not a url', LOG_LEVEL: 'loud' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    expect(msg).toContain('STORE_URL: unsupported scheme "mongo"');
    expect(msg).toContain('TZ_DEFAULT: not an IANA time zone');
    expect(msg).toContain('HF_ENDPOINT: not a valid URL');
    expect(msg).toContain('LOG_LEVEL');
  });

  it.each([
    [undefined, false],
    ['true', true],
    ['1', true],
    ['false', false],
    ['', false],
  ])('reads DISCORD_REGISTER_ON_START=%j as %j', (value, expected) => {
    expect(loadConfig({ DISCORD_REGISTER_ON_START: value }).DISCORD_REGISTER_ON_START).toBe(expected);
  });

  it('rejects a DISCORD_REGISTER_ON_START that is not a yes or no', () => {
    expect(() => loadConfig({ DISCORD_REGISTER_ON_START: 'sometimes' })).toThrow(/DISCORD_REGISTER_ON_START: use true or false/);
  });

  it.each([
    ['', undefined],
    ['auto', { shards: 'auto' }],
    ['0/1', { shards: [0], shardCount: 1 }],
    ['0, 2/4', { shards: [0, 2], shardCount: 4 }],
    ['2', { shards: [0, 1], shardCount: 2 }],
  ])('reads DISCORD_SHARDS=%j', (value, expected) => {
    expect(loadConfig({ DISCORD_SHARDS: value }).DISCORD_SHARDS).toEqual(expected);
  });

  it.each(['4/4', '0,0/2', 'some', '1/0', '-1/2', '0', '65'])('rejects DISCORD_SHARDS=%j with the expected form', (value) => {
    expect(() => loadConfig({ DISCORD_SHARDS: value })).toThrow(/DISCORD_SHARDS: use auto, a shard count \(e\.g\. 2\), or shard ids and the total, e\.g\. 0,1\/4/);
  });

  it('treats blank tokens as unset', () => {
    expect(loadConfig({ DISCORD_TOKEN: '  ' }).DISCORD_TOKEN).toBeUndefined();
  });
});
