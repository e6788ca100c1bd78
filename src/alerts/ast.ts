/** The syntax tree of an alert query, and the error a bad query raises. */

import { UserError } from '../errors.ts';

/** Longest accepted query, in UTF-16 code units (what `String#length` counts). */
export const MAX_QUERY_LENGTH = 300;

/** Field prefixes a term may carry, e.g. `title:diffusion`. */
export type Field = 'title' | 'abstract' | 'author' | 'keyword' | 'org';

export const FIELDS: readonly Field[] = ['title', 'abstract', 'author', 'keyword', 'org'];

/** Comparison of an `upvotes` filter. */
export type CompareOp = '>=' | '>' | '<=' | '<' | '=';

/**
 * A word or a phrase, optionally restricted to one field. A bare word that splits into
 * several words (`vision-language`) is a phrase, exactly like `"vision language"`.
 */
export interface TermNode {
  readonly type: 'term';
  /** `null`: title, abstract, AI summary and keywords (not authors, not organization). */
  readonly field: Field | null;
  /** Normalised words (lower case, no diacritics), for display and formatting. */
  readonly words: readonly string[];
  /** The same words after plural folding: what matching compares. */
  readonly keys: readonly string[];
  /** Offset of the term (including its field prefix) in the query text. */
  readonly pos: number;
}

/** `upvotes>=20` and friends. */
export interface UpvotesNode {
  readonly type: 'upvotes';
  readonly op: CompareOp;
  readonly value: number;
  readonly pos: number;
}

/** `-x` or `NOT x`. */
export interface NotNode {
  readonly type: 'not';
  readonly operand: QueryNode;
  readonly pos: number;
}

/** All operands must match (written side by side, or with `AND`). At least two operands. */
export interface AndNode {
  readonly type: 'and';
  readonly operands: readonly QueryNode[];
  readonly pos: number;
}

/** Any operand may match (`OR` or `|`). At least two operands. */
export interface OrNode {
  readonly type: 'or';
  readonly operands: readonly QueryNode[];
  readonly pos: number;
}

export type QueryNode = TermNode | UpvotesNode | NotNode | AndNode | OrNode;

/**
 * A query accepted by `parseQuery`: every way it can match needs at least one positive
 * term, so a paper can only match if it contains one of the query's words.
 */
export type ParsedQuery = QueryNode;

/** A query the parser rejects. `message` is meant for the user who typed the query. */
export class QueryError extends UserError {
  override name = 'QueryError';
  constructor(
    message: string,
    /** Offset in the query text (UTF-16 code units) where the problem is. */
    readonly position: number,
  ) {
    super(message);
  }
}
