/**
 * The alert query language.
 *
 * ```
 * query   := or
 * or      := and (("OR" | "|") and)*
 * and     := unary ("AND"? unary)*          side by side means AND
 * unary   := ("-" | "NOT") unary | primary  "-" must touch what it negates
 * primary := "(" or ")" | field? (word | "quoted phrase") | upvotes (">=" | ">" | "<=" | "<" | "=") N
 * field   := "title:" | "abstract:" | "author:" | "keyword:" | "org:"
 * ```
 *
 * Scope terms (`source:hf|arxiv|any`, `cat:cs.CL,cs.LG`, `revisions:yes|no`) may stand beside the query at its top
 * level; {@link parseAlertQuery} takes them out (`scope-syntax.ts`) and parses the rest.
 *
 * Precedence is NOT > AND > OR. Operators are upper case (`or` is an ordinary word).
 * See `text.ts` for how words are normalised and folded, and `evaluate.ts` for which
 * fields an unprefixed term searches.
 */
import { findAnchor, hasPositiveTerm, unanchoredAlternative } from './anchors.ts';
import { MAX_QUERY_LENGTH, QueryError } from './ast.ts';
import type { AndNode, OrNode, ParsedQuery, QueryNode } from './ast.ts';
import { formatScope, type AlertScope, type ScopeSource } from './scope.ts';
import { takeScope } from './scope-syntax.ts';
import { foldWord } from './text.ts';
import { tokenize } from './tokenize.ts';
import type { Token } from './tokenize.ts';

export { FIELDS, MAX_QUERY_LENGTH, QueryError } from './ast.ts';
export type * from './ast.ts';

/** A subscription's query with its scope. */
export interface ScopedQuery {
  query: ParsedQuery;
  scope: AlertScope;
  /** Whether the text named the source (`source:` or `cat:`); if not, the scope has the default source asked for. */
  explicit: boolean;
}

/** Stored queries may be this much longer than typed ones: room for the scope a subscription was given. */
export const STORED_QUERY_SLACK = 16;

/**
 * Parses a subscription's query and its scope terms, or throws {@link QueryError}. `defaultSource` is the source when
 * the text names none: `hf` for stored queries (every subscription from before scopes), {@link DEFAULT_NEW_SOURCE}
 * for new ones.
 */
export function parseAlertQuery(input: string, opts: { defaultSource?: ScopeSource; maxLength?: number } = {}): ScopedQuery {
  const max = opts.maxLength ?? MAX_QUERY_LENGTH;
  if (input.length > max) throw new QueryError(`Query is too long: ${input.length} characters (at most ${max})`, max);
  const taken = takeScope(tokenize(input), opts.defaultSource ?? 'hf');
  return { query: parseTokens(taken.tokens, input), scope: taken.scope, explicit: taken.explicit };
}

/**
 * Text for a scoped query: the query (in parentheses if it is an OR) then its scope, nothing for the HF default.
 * Parsing it with the `hf` default gives back the same query and scope.
 */
export function formatAlertQuery({ query, scope }: Pick<ScopedQuery, 'query' | 'scope'>): string {
  const scopeText = formatScope(scope);
  if (!scopeText) return formatQuery(query);
  return `${query.type === 'or' ? `(${formatQuery(query)})` : formatQuery(query)} ${scopeText}`;
}

/** Parses and validates an alert query without scope terms (those are an error here), or throws {@link QueryError}. */
export function parseQuery(input: string): ParsedQuery {
  const parsed = parseAlertQuery(input);
  if (parsed.explicit || parsed.scope.revisions) {
    throw new QueryError('source:, cat: and revisions: set the scope of a subscription and are not accepted here', 0);
  }
  return parsed.query;
}

function parseTokens(tokens: readonly Token[], input: string): ParsedQuery {
  let next = 0;
  const peek = (): Token | undefined => tokens[next];
  const end = input.length;

  const expectedTerm = (after: string): never => {
    const tok = peek();
    const pos = tok?.pos ?? end;
    const found = tok ? `found "${tok.text}"` : 'found the end of the query';
    throw new QueryError(`Expected a term ${after}at position ${pos}, ${found}`, pos);
  };

  const combine = (type: 'and' | 'or', parts: QueryNode[]): QueryNode => {
    const first = parts[0];
    if (parts.length === 1 && first) return first;
    const operands = parts.flatMap((p) => (p.type === type ? p.operands : [p]));
    return { type, operands, pos: first?.pos ?? 0 } as AndNode | OrNode;
  };

  const parseOr = (after: string): QueryNode => {
    const parts = [parseAnd(after)];
    for (let tok = peek(); tok?.kind === 'or'; tok = peek()) {
      next++;
      parts.push(parseAnd(`after "${tok.text}" `));
    }
    return combine('or', parts);
  };

  const parseAnd = (after: string): QueryNode => {
    const parts = [parseUnary(after)];
    for (let tok = peek(); tok && tok.kind !== 'or' && tok.kind !== 'rparen'; tok = peek()) {
      if (tok.kind === 'and') {
        next++;
        parts.push(parseUnary(`after "AND" `));
      } else {
        parts.push(parseUnary(''));
      }
    }
    return combine('and', parts);
  };

  const parseUnary = (after: string): QueryNode => {
    const tok = peek();
    if (tok?.kind !== 'not') return parsePrimary(after);
    next++;
    const operand = parseUnary(`after "${tok.text}" `);
    return operand.type === 'not' ? operand.operand : { type: 'not', operand, pos: tok.pos };
  };

  const parsePrimary = (after: string): QueryNode => {
    const tok = peek();
    if (tok === undefined) return expectedTerm(after);
    switch (tok.kind) {
      case 'term':
        next++;
        return { type: 'term', field: tok.field, words: tok.words, keys: tok.words.map(foldWord), pos: tok.pos };
      case 'upvotes':
        next++;
        return { type: 'upvotes', op: tok.op, value: tok.value, pos: tok.pos };
      case 'lparen': {
        next++;
        const inner = parseOr(`after "(" `);
        const close = peek();
        if (close?.kind !== 'rparen') {
          const pos = close?.pos ?? end;
          throw new QueryError(`Expected ")" at position ${pos} to close "(" at position ${tok.pos}`, pos);
        }
        next++;
        return { ...inner, pos: tok.pos };
      }
      default:
        return expectedTerm(after);
    }
  };

  if (tokens.length === 0) throw nothingToMatch();
  const ast = parseOr('');
  const extra = peek();
  if (extra !== undefined) {
    throw new QueryError(`Unexpected "${extra.text}" at position ${extra.pos}`, extra.pos);
  }
  if (findAnchor(ast, () => 1) === null) {
    const alt = hasPositiveTerm(ast) ? unanchoredAlternative(ast) : null;
    if (alt === null) throw nothingToMatch();
    throw new QueryError(
      `Nothing to match in the alternative at position ${alt}: each side of OR needs a positive term`,
      alt,
    );
  }
  return ast;
}

const nothingToMatch = (): QueryError =>
  new QueryError(
    'Nothing to match: a query needs at least one positive term (exclusions and upvotes filters only narrow it)',
    0,
  );

const OP_TEXT = { '>=': '>=', '>': '>', '<=': '<=', '<': '<', '=': '=' } as const;

/**
 * Canonical text of a query: normalised words, `-` for NOT, ` OR ` for OR, single spaces,
 * only the parentheses precedence needs. Parsing it gives back the same query, so it
 * serves for display and for spotting duplicate subscriptions. Operand order is kept.
 */
export function formatQuery(node: QueryNode): string {
  switch (node.type) {
    case 'term': {
      const prefix = node.field ? `${node.field}:` : '';
      const body = node.words.length === 1 ? (node.words[0] ?? '') : `"${node.words.join(' ')}"`;
      return prefix + body;
    }
    case 'upvotes':
      return `upvotes${OP_TEXT[node.op]}${node.value}`;
    case 'not': {
      const inner = formatQuery(node.operand);
      return node.operand.type === 'and' || node.operand.type === 'or' ? `-(${inner})` : `-${inner}`;
    }
    case 'and':
      return node.operands.map((o) => (o.type === 'or' ? `(${formatQuery(o)})` : formatQuery(o))).join(' ');
    case 'or':
      return node.operands.map(formatQuery).join(' OR ');
  }
}
