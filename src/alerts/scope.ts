/**
 * A subscription's scope: which papers its query is tried on (docs/decisions/098). Written in the query as
 * `source:hf|arxiv|any`, `cat:cs.CL,cs.LG` (an archive such as `cat:cs` takes every `cs.*`) and `revisions:yes`.
 */
import type { Paper } from '../model.ts';

export type ScopeSource = 'hf' | 'arxiv' | 'any';

export interface AlertScope {
  readonly source: ScopeSource;
  /** arXiv categories (`cs.CL`) or archives (`cs`) as typed, one of which the paper must have; empty: any. */
  readonly categories: readonly string[];
  /** Whether arXiv revisions (`replace`, `replace-cross`) count as new. */
  readonly revisions: boolean;
}

/** The scope of every subscription stored before scopes existed, and of a stored query that names none. */
export const HF_SCOPE: AlertScope = { source: 'hf', categories: [], revisions: false };

/** The source a new subscription gets when its query names none (docs/decisions/098). */
export const DEFAULT_NEW_SOURCE: ScopeSource = 'any';

const isRevisionType = (p: Paper): boolean => p.announceType === 'replace' || p.announceType === 'replace-cross';

/** Whether `category` (e.g. `cs.CL`) is one of `wanted`, or in one of its archives (`cs`); case does not matter. */
export function inCategories(category: string, wanted: readonly string[]): boolean {
  const c = category.toLowerCase();
  for (const w of wanted) {
    const lw = w.toLowerCase();
    if (c === lw || (!lw.includes('.') && c.startsWith(`${lw}.`))) return true;
  }
  return false;
}

/**
 * Whether a paper is in the scope. A paper counts through one of its sightings: on Hugging Face (for `hf` and `any`),
 * or in arXiv's announcement (for `arxiv` and `any`, and only if it is not a revision or revisions are wanted).
 * Categories, when the scope names some, must include one of them (so papers whose categories are unknown are out).
 */
export function admits(scope: AlertScope, paper: Paper): boolean {
  const seen = paper.seenOn ?? ['hf'];
  const viaHf = scope.source !== 'arxiv' && seen.includes('hf');
  const viaArxiv = scope.source !== 'hf' && seen.includes('arxiv') && (scope.revisions || !isRevisionType(paper));
  if (!viaHf && !viaArxiv) return false;
  if (scope.categories.length === 0) return true;
  for (const c of paper.categories ?? []) if (inCategories(c, scope.categories)) return true;
  return false;
}

/** Whether the scope can take papers that only arXiv has shown. */
export const coversArxiv = (scope: AlertScope): boolean => scope.source !== 'hf';
/** Whether the scope takes papers listed on Hugging Face (without asking arXiv about them). */
export const coversHf = (scope: AlertScope): boolean => scope.source !== 'arxiv';

/**
 * The scope as query text, empty for {@link HF_SCOPE}: `source:arxiv`, `cat:cs.CL,cs.LG` (the arXiv source is implied),
 * `source:any cat:cs`, `revisions:yes`. Parsing it gives back the same scope.
 */
export function formatScope(scope: AlertScope): string {
  const parts: string[] = [];
  if (scope.categories.length > 0) {
    if (scope.source === 'any') parts.push('source:any');
    parts.push(`cat:${scope.categories.join(',')}`);
  } else if (scope.source !== 'hf') parts.push(`source:${scope.source}`);
  if (scope.revisions) parts.push('revisions:yes');
  return parts.join(' ');
}

const SOURCE_NAMES: Record<ScopeSource, string> = { hf: 'Hugging Face Daily Papers', arxiv: 'arXiv', any: 'Hugging Face Daily Papers and arXiv' };

/** "arXiv cs.CL, cs.LG (new and cross-listed; revisions left out)": what a subscriber is told. */
export function describeScope(scope: AlertScope): string {
  const cats = scope.categories.length > 0 ? ` in ${scope.categories.join(', ')}` : '';
  if (scope.source === 'hf') return SOURCE_NAMES.hf;
  const revisions = scope.revisions ? 'revisions included' : 'revisions left out';
  const onlyArxiv = scope.source === 'any' && cats ? ' (categories known from arXiv)' : '';
  return `${SOURCE_NAMES[scope.source]}${cats}${onlyArxiv}; ${revisions}`;
}

const TYPE_NAMES: Record<string, string> = { new: 'new', cross: 'cross-list', replace: 'revised', 'replace-cross': 'revised cross-list' };

/** The why-line an alert gives for where a paper came from: `arXiv cs.CL, cs.LG (new)`, `Hugging Face`, or both. */
export function sourceLine(paper: Paper): string {
  const seen = paper.seenOn ?? ['hf'];
  const parts: string[] = [];
  if (seen.includes('hf')) parts.push('Hugging Face');
  if (seen.includes('arxiv')) {
    const cats = paper.categories ?? [];
    const shown = cats.length > 3 ? `${cats.slice(0, 3).join(', ')} +${cats.length - 3}` : cats.join(', ');
    const type = paper.announceType ? ` (${TYPE_NAMES[paper.announceType] ?? paper.announceType})` : '';
    parts.push(`arXiv${shown ? ` ${shown}` : ''}${type}`);
  }
  return parts.join(' · ');
}

/** A key equal for equal scopes (categories compared without case or order). */
export function scopeKey(scope: AlertScope): string {
  const cats = scope.categories.map((c) => c.toLowerCase()).sort().join(',');
  return `${scope.source}|${cats}|${scope.revisions ? 1 : 0}`;
}
