/** New-style ids (YYMM.NNNN or YYMM.NNNNN) and old-style ids (hep-th/9901001, math.GT/0309136), each with an optional version. */
const ID_WITH_VERSION = /((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?\/\d{7}))(?:v(\d+))?$/i;

export interface VersionedId {
  /** Without the version, e.g. `2609.26811` or `hep-th/9901001`. */
  id: string;
  /** The version, when the text had one. */
  version?: number;
}

/**
 * The arXiv id at the end of a guid (`oai:arXiv.org:2609.26811v1`), an abs link (`https://arxiv.org/abs/2609.26811v2`),
 * an API entry id (`http://arxiv.org/abs/hep-th/9901001v1`) or a bare id. Undefined when none is there.
 */
export function arxivIdOf(text: string | undefined): VersionedId | undefined {
  if (!text) return undefined;
  const m = ID_WITH_VERSION.exec(text.trim());
  if (!m) return undefined;
  return m[2] ? { id: m[1]!, version: Number(m[2]) } : { id: m[1]! };
}
