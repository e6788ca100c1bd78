import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import { createHfClient } from '../../src/papers/hf-client.ts';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';

let hf: FakeHf;
beforeEach(async () => (hf = await startFakeHf()));
afterEach(async () => hf.close());

const client = (over: Partial<Parameters<typeof createHfClient>[0]> = {}) =>
  createHfClient({ endpoint: hf.url, log: silentLogger(), retryBaseMs: 5, timeoutMs: 300, totalTimeoutMs: 3000, ...over });

describe('HF client', () => {
  it('pages until it has the whole day', async () => {
    const papers = await client({ pageSize: 4 }).fetchDay('2026-08-20');
    expect(papers.length).toBe(hf.days.get('2026-08-20')!.length);
    expect(new Set(papers.map((p) => p.id)).size).toBe(papers.length);
    expect(hf.requests.map((r) => r.query.p)).toEqual(['0', '1', '2', '3']);
  });

  it('gives an empty list for a day not yet published', async () => {
    expect(await client().fetchDay('2026-08-22')).toEqual([]);
  });

  it('retries a 500 and succeeds', async () => {
    hf.failNext({ kind: 'status', status: 500 }, 2);
    const papers = await client().fetchDay('2026-08-20');
    expect(papers.length).toBeGreaterThan(0);
    expect(hf.requests.length).toBe(3);
  });

  it('honours Retry-After on a 429', async () => {
    hf.failNext({ kind: 'status', status: 429, retryAfterSec: 1 });
    const started = Date.now();
    await client().fetchDay('2026-08-20');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(hf.requests.length).toBe(2);
  });

  it('retries a request that hangs past its timeout', async () => {
    hf.failNext({ kind: 'hang' });
    expect((await client().fetchDay('2026-08-20')).length).toBeGreaterThan(0);
    expect(hf.requests.length).toBe(2);
  });

  it('gives up with a typed "unreachable" error after its retries', async () => {
    hf.failAlways({ kind: 'status', status: 503 });
    const err = await client({ retries: 2 }).fetchDay('2026-08-20').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).kind).toBe('unreachable');
    expect(hf.requests.length).toBe(3);
  });

  it('bounds the total time even when every attempt hangs', async () => {
    hf.failAlways({ kind: 'hang' });
    const started = Date.now();
    const err = await client({ retries: 10, timeoutMs: 400, totalTimeoutMs: 1000 }).fetchDay('2026-08-20').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it.each([
    ['the malformed capture', { kind: 'malformed' as const }, /unreadable list/],
    ['a body that is not JSON', { kind: 'garbage' as const, body: '<html>oops' }, /not JSON/],
  ])('rejects %s with a clear "bad-response" error', async (_name, fault, message) => {
    hf.failAlways(fault);
    const err = await client().fetchDay('2024-12-11').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).kind).toBe('bad-response');
    expect((err as Error).message).toMatch(message);
  });

  it('fetches one paper, and says "not-found" for an unknown id', async () => {
    const id = (hf.days.get('2026-08-20')![0] as { paper: { id: string } }).paper.id;
    expect((await client().fetchPaper(id)).id).toBe(id);
    const err = await client().fetchPaper('9999.99999').catch((e: unknown) => e);
    expect((err as SourceError).kind).toBe('not-found');
  });
});
