import { afterEach, describe, expect, it } from 'vitest';
import type { CommandDeps } from '../../commands/deps.ts';
import { archiveLoadingNote } from '../../commands/archive-cards.ts';
import { createArchive, type Archive } from '../../src/archive/archive.ts';
import { indexTerms } from '../../src/archive/search-terms.ts';
import { silentLogger } from '../../src/log.ts';
import type { Paper } from '../../src/model.ts';
import { backendCases, openPeerStores } from '../helpers/backends.ts';
import { allFixturePapers } from '../helpers/fixture-papers.ts';

const papers = [...new Map(allFixturePapers().map((p) => [p.id, p])).values()];
const open = (store: Parameters<typeof createArchive>[0]['store']): Archive =>
  createArchive({ store, log: silentLogger(), retentionDays: 365, syncMs: 0 });
const words = (p: Paper) => new Set(indexTerms([p.title, p.summary, p.keywords.join(' '), p.authors.join(' ')].join(' ')));

describe.each(backendCases())('archive on $name', ({ url }) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  it.skipIf(!url)('survives a restart and reaches a second instance through the journal', async () => {
    const peers = await openPeerStores(url!, 3);
    close = peers.close;
    const [a, b, restarted] = peers.stores.map(open) as [Archive, Archive, Archive];
    await Promise.all([a.start(), b.start()]);
    const target = papers[7]!;
    expect(await a.record(papers)).toBe(papers.length);
    expect(await a.record(papers)).toBe(0); // unchanged papers cost no writes
    expect((await a.search(target.title, 1))[0]?.paper.id).toBe(target.id);
    expect(await b.search(target.title, 1)).toEqual([]); // b has not read the journal yet
    expect(await b.sync()).toBe(papers.length);
    expect((await b.search(target.title, 1))[0]?.paper).toEqual(target);
    await restarted.start();
    expect(restarted.size).toBe(papers.length);
    expect((await restarted.search(target.title, 1))[0]?.paper.id).toBe(target.id);
  });
});

describe('archive search', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());
  async function filled(list: Paper[]): Promise<Archive> {
    const peers = await openPeerStores('memory://', 1);
    close = peers.close;
    const archive = open(peers.stores[0]!);
    await archive.start();
    await archive.record(list);
    return archive;
  }

  it('ranks equal scores newest first', async () => {
    const base = papers[0]!;
    const copies = ['2026-08-18', '2026-08-20', '2026-08-19'].map((day, i) => ({ ...base, id: `2608.9000${i}`, day }));
    const archive = await filled([...copies, ...papers.slice(1)]);
    const hits = await archive.search(base.title, 3);
    expect(hits.map((h) => h.paper.day)).toEqual(['2026-08-20', '2026-08-19', '2026-08-18']);
  });

  it('author: and title: must match; -word excludes; free words rank', async () => {
    const archive = await filled(papers);
    const author = papers[3]!.authors[0]!;
    const byAuthor = await archive.search(`author:"${author}"`, 25);
    const expected = papers.filter((p) => p.authors.some((a) => indexTerms(author).every((w) => indexTerms(a).includes(w))));
    expect(byAuthor.map((h) => h.paper.id).sort()).toEqual(expected.map((p) => p.id).sort());
    const titled = await archive.search('title:model', 25);
    expect(titled.length).toBeGreaterThan(0);
    for (const h of titled) expect(indexTerms(h.paper.title)).toContain('model');
    const without = await archive.search('title:model -language', 25);
    expect(without.length).toBeGreaterThan(0);
    for (const h of without) expect(words(h.paper).has('language')).toBe(false);
    await expect(archive.search('diffusion OR flow', 5)).rejects.toThrow(/OR/);
    await expect(archive.search('upvotes>10', 5)).rejects.toThrow(/subscribe/);
  });

  it('similar leaves the paper out and names terms both papers hold', async () => {
    const archive = await filled(papers);
    const target = papers[5]!;
    const hits = await archive.similar(target, 5);
    expect(hits.length).toBe(5);
    expect(hits.map((h) => h.paper.id)).not.toContain(target.id);
    for (const h of hits) {
      expect(h.terms.length).toBeGreaterThan(0);
      for (const t of h.terms) {
        expect(words(target).has(t)).toBe(true);
        expect(words(h.paper).has(t)).toBe(true);
      }
    }
  });
});

describe('an archive still loading after a start', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });
  /** Two archives on one store: the first has recorded every paper; the second, returned, has not started. */
  async function recordedByAnother(): Promise<Archive> {
    const peers = await openPeerStores('memory://', 2);
    close = peers.close;
    const [first, second] = peers.stores.map(open) as [Archive, Archive];
    await first.start();
    await first.record(papers);
    return second;
  }

  it('answers from what it has indexed, and commands say it is still loading until every stored paper is read', async () => {
    const second = await recordedByAnother();
    const target = papers[3]!;
    const deps = { archive: second } as unknown as CommandDeps;
    expect(second.loaded).toBe(false);
    expect(await second.search(target.title, 1)).toEqual([]); // nothing read yet
    expect(archiveLoadingNote(deps)).toMatch(/still loading \(0 papers so far\)/);
    await second.start();
    expect(second.loaded).toBe(true);
    expect(archiveLoadingNote(deps)).toBeUndefined();
    expect((await second.search(target.title, 1))[0]?.paper.id).toBe(target.id);
  });

  it('closed while loading (a shutdown): the load stops quietly and the index is freed', async () => {
    const second = await recordedByAnother();
    const loading = second.start();
    second.close();
    await expect(loading).resolves.toBeUndefined();
    expect(second.loaded).toBe(false);
    await expect(second.search(papers[3]!.title, 1)).rejects.toThrow(/not open/);
    second.close(); // twice is harmless
  });

  it('lets other work run while it loads: a callback queued at the start runs before the last paper is indexed', async () => {
    const second = await recordedByAnother();
    expect(papers.length).toBeGreaterThan(200);
    const loading = second.start();
    const seen = await new Promise<{ size: number; loaded: boolean }>((resolve) => setImmediate(() => resolve({ size: second.size, loaded: second.loaded })));
    expect(seen.loaded).toBe(false);
    expect(seen.size).toBeLessThan(papers.length);
    await loading;
    expect(second.size).toBe(papers.length);
  });
});
