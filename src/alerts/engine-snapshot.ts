/**
 * The alert engine's tables in a file, so a restart reads them back instead of parsing and indexing every stored
 * subscription again (docs/decisions/109). A snapshot is a cache, never the truth: after reading one, the engine lists
 * the stored ids and adds or drops the difference (a subscription never changes under its id). A snapshot written by
 * other code (any file of `src/` changed), by another V8, or unreadable, is refused and the engine loads from the
 * store as without one.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LikeState } from './like-matcher.ts';
import { MATCHER_CLASSES, type MatcherState } from './matcher.ts';
import { OwnerTable } from './owner-table.ts';
import { readGraph, writeGraph } from './snapshot-graph.ts';
import { TrackedSubscriptions } from './tracked-subscriptions.ts';

/** What the engine keeps between polls. */
export interface EngineState {
  matcher: MatcherState;
  likes: LikeState;
  tracked: TrackedSubscriptions;
  /** Ids of stored subscriptions the parser rejects. */
  unparsable: string[];
  /** The engine's generation counter (tracked subscriptions carry theirs). */
  gen: number;
}

const CLASSES = [...MATCHER_CLASSES, TrackedSubscriptions, OwnerTable];
/** The layout of the file around the graph; the graph's own layout is the code's (see {@link codeVersion}). */
const FORMAT = 1;

interface Header {
  format: number;
  code: string;
  v8: string;
}

let code: string | undefined;
/**
 * A hash of every file of the core (`src/`, as this process runs it: `.ts` under tsx, `.js` compiled): the parser, the
 * matcher and the engine, and what they import from elsewhere in the core (paper ids, search terms). Any change of
 * them refuses older snapshots, so no version number has to be remembered; an upgrade costs one load from the store.
 */
export function codeVersion(): string {
  if (code === undefined) {
    const core = dirname(dirname(fileURLToPath(import.meta.url)));
    const hash = createHash('sha256');
    const files = (readdirSync(core, { recursive: true }) as string[]).filter((f) => /\.(ts|js)$/.test(f)).sort();
    for (const file of files) hash.update(`${file}\n`).update(readFileSync(join(core, file))).update('\n');
    code = hash.digest('hex').slice(0, 32);
  }
  return code;
}

const header = (): Header => ({ format: FORMAT, code: codeVersion(), v8: process.versions.v8 });

/**
 * What the file holds: the state without its two maps by subscription id. V8 would write each id once per map and
 * read it back as a copy each time (at 100,000 subscriptions, 200,000 more strings, ~7 MB); they are made again from
 * the answer order's ids, so the three share one string per id.
 */
interface Written extends Omit<EngineState, 'matcher'> {
  matcher: Omit<MatcherState, 'byId'>;
  /** By matcher rank: the tracked slot of its subscription, or -1. */
  slotOfRank: Int32Array;
  /** The tracked subscriptions not in the matcher (`like:` ones), with their slots. */
  otherSlots: Array<[string, number]>;
}

function written(state: EngineState): Written {
  const { byId: _, ...matcher } = state.matcher;
  const ranks = [...matcher.order.ranks()];
  const slotOfRank = new Int32Array(ranks.length === 0 ? 0 : ranks[ranks.length - 1]![1] + 1).fill(-1);
  for (const [id, rank] of ranks) slotOfRank[rank] = state.tracked.slotOf(id);
  const otherSlots: Array<[string, number]> = [];
  for (const [id] of state.tracked.generations()) if (!state.matcher.byId.has(id)) otherSlots.push([id, state.tracked.slotOf(id)]);
  return { ...state, matcher, tracked: state.tracked.withoutIds(), slotOfRank, otherSlots };
}

function read({ slotOfRank, otherSlots, ...saved }: Written): EngineState {
  const byId = new Map<string, number>();
  for (const [id, rank] of saved.matcher.order.ranks()) {
    byId.set(id, rank);
    const slot = slotOfRank[rank] ?? -1;
    if (slot >= 0) saved.tracked.reindex(id, slot);
  }
  for (const [id, slot] of otherSlots) saved.tracked.reindex(id, slot);
  saved.matcher.terms.shareStrings();
  saved.tracked.shareStrings();
  return { ...saved, matcher: { ...saved.matcher, byId } };
}

/** Writes `state` to `file` (through a temporary file and a rename: a reader sees the old file or the new, whole). Its size. */
export function saveSnapshot(file: string, state: EngineState): number {
  const graph = writeGraph(written(state), CLASSES);
  const head = Buffer.from(JSON.stringify(header()));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(head.length);
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}-${randomUUID().slice(0, 8)}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([length, head, graph]));
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
  removeLeftovers(file);
  return 4 + head.length + graph.length;
}

/** A temporary file this old is a crashed writer's (a write takes well under a second), never one being written. */
const LEFTOVER_MS = 10 * 60_000;

/** Deletes the temporary files of writers that died before their rename. */
function removeLeftovers(file: string): void {
  const dir = dirname(file);
  const prefix = `${basename(file)}.`;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const path = join(dir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > LEFTOVER_MS) rmSync(path, { force: true });
    } catch {
      // Gone meanwhile (another instance's clean-up): nothing to do.
    }
  }
}

export type LoadedSnapshot = { state: EngineState; bytes: number } | { state?: undefined; refused: string };

/** The state `file` holds, or why it is not used (`missing` when there is no file). */
export function loadSnapshot(file: string): LoadedSnapshot {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return { refused: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (err as Error).message };
  }
  try {
    const length = bytes.readUInt32BE(0);
    const head = JSON.parse(bytes.subarray(4, 4 + length).toString('utf8')) as Header;
    const want = header();
    if (head.format !== want.format) return { refused: `file format ${head.format}, this code reads ${want.format}` };
    if (head.code !== want.code) return { refused: 'written by other code (the alerts code changed since)' };
    if (head.v8 !== want.v8) return { refused: `written by V8 ${head.v8}, this is ${want.v8}` };
    const saved = readGraph(bytes.subarray(4 + length), CLASSES) as Written;
    if (!(saved.tracked instanceof TrackedSubscriptions) || !(saved.slotOfRank instanceof Int32Array)) return { refused: 'not an engine snapshot' };
    return { state: read(saved), bytes: bytes.length };
  } catch (err) {
    return { refused: `unreadable (${(err as Error).message})` };
  }
}
