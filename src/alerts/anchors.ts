/**
 * Which terms a query cannot match without. A set of terms is "required" when every
 * paper the query matches contains at least one of them; the matcher indexes queries by
 * such a set, and the parser rejects queries that have none.
 */
import type { QueryNode, TermNode } from './ast.ts';

/** A required term set with an estimated cost (lower = fewer candidate papers). */
export interface Anchor {
  terms: TermNode[];
  cost: number;
}

/**
 * A cheap required term set of `node` read with the given polarity, or `null` when the
 * query could match a paper that contains none of its terms (e.g. `a OR -b`).
 * `NOT` flips polarity; under negation AND acts as OR and OR as AND (De Morgan). For an
 * AND the cheapest operand wins; for an OR every branch must be anchored and the union
 * is taken.
 */
export function findAnchor(node: QueryNode, cost: (t: TermNode) => number, negated = false): Anchor | null {
  switch (node.type) {
    case 'term':
      return negated ? null : { terms: [node], cost: cost(node) };
    case 'upvotes':
      return null;
    case 'not':
      return findAnchor(node.operand, cost, !negated);
    case 'and':
    case 'or': {
      const all = (node.type === 'and') === negated;
      let best: Anchor | null = null;
      const union: Anchor = { terms: [], cost: 0 };
      for (const operand of node.operands) {
        const a = findAnchor(operand, cost, negated);
        if (all) {
          if (a === null) return null;
          union.terms.push(...a.terms);
          union.cost += a.cost;
        } else if (a !== null && (best === null || a.cost < best.cost)) {
          best = a;
        }
      }
      return all ? union : best;
    }
  }
}

/** Whether some term of `node` appears with positive polarity. */
export function hasPositiveTerm(node: QueryNode, negated = false): boolean {
  switch (node.type) {
    case 'term':
      return !negated;
    case 'upvotes':
      return false;
    case 'not':
      return hasPositiveTerm(node.operand, !negated);
    default:
      return node.operands.some((o) => hasPositiveTerm(o, negated));
  }
}

/**
 * For a query that has positive terms but no anchor: the position of the first
 * alternative (a branch of an OR, after De Morgan) that has no positive term of its own.
 */
export function unanchoredAlternative(node: QueryNode, negated = false): number | null {
  const one = (): number => 1;
  switch (node.type) {
    case 'term':
    case 'upvotes':
      return null;
    case 'not':
      return unanchoredAlternative(node.operand, !negated);
    default: {
      const isOr = (node.type === 'or') !== negated;
      for (const operand of node.operands) {
        if (findAnchor(operand, one, negated) !== null) continue;
        if (isOr && !hasPositiveTerm(operand, negated)) return operand.pos;
        const inner = unanchoredAlternative(operand, negated);
        if (inner !== null) return inner;
      }
      return null;
    }
  }
}
