import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The feed was not well-formed XML, or not the shape arXiv sends. The message says what, in one line. */
export class ArxivFormatError extends Error {
  override name = 'ArxivFormatError';
  constructor(
    message: string,
    /** True when the document ended early (a cut connection, a partial answer) rather than being wrong. */
    readonly truncated = false,
  ) {
    super(message);
  }
}

const ARRAYS = new Set(['item', 'category', 'day', 'entry', 'author', 'link']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => ARRAYS.has(name),
});

/** Where a document that is not well-formed went wrong, and whether it simply stopped (no closing root tag). */
function describeInvalid(xml: string, root: string, err: { msg: string; line: number; col: number }): ArxivFormatError {
  const truncated = xml.includes(`<${root}`) && !xml.trimEnd().endsWith(`</${root}>`);
  const where = `line ${err.line}, column ${err.col}`;
  return new ArxivFormatError(truncated ? `the document ends early (${where}: ${err.msg})` : `not well-formed XML (${where}: ${err.msg})`, truncated);
}

/**
 * Parses a whole document with fast-xml-parser after checking it is well-formed (the parser alone accepts a document
 * cut short). `item`, `category`, `day`, `entry`, `author` and `link` are always arrays; attributes are `@name`.
 */
export function parseXml(xml: string, root: 'rss' | 'feed'): Record<string, unknown> {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw describeInvalid(xml, root, valid.err);
  const doc = parser.parse(xml) as Record<string, unknown>;
  if (!doc[root] || typeof doc[root] !== 'object') throw new ArxivFormatError(`expected a <${root}> document, got <${Object.keys(doc).filter((k) => !k.startsWith('?'))[0] ?? 'nothing'}>`);
  return doc[root] as Record<string, unknown>;
}

/**
 * The items of a feed that stopped mid-way: everything up to the last complete `</item>`, closed again. Used only to
 * keep what arrived before completing the rest elsewhere; undefined when nothing complete arrived.
 */
export function salvageTruncated(xml: string): string | undefined {
  const end = xml.lastIndexOf('</item>');
  if (end < 0) return undefined;
  return `${xml.slice(0, end + '</item>'.length)}\n  </channel>\n</rss>\n`;
}
