/**
 * Writes an object graph of class instances to bytes and back (V8's structured serialisation, `node:v8`), keeping each
 * instance's class. V8 keeps shared references within one graph (a term node held by two tables stays one object)
 * but not prototypes: the classes of the instances reached are listed beside the graph, and set again when it is read.
 * Instances are found by following the fields of plain objects and of instances of the given classes (never through
 * arrays or maps, which hold no class instances in the engine's tables); an instance reached otherwise would come back
 * as a plain object, which `test/alerts/engine-snapshot.test.ts` checks does not happen.
 */
import { deserialize, serialize } from 'node:v8';

/** A class whose instances may be in the graph. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Revivable = abstract new (...args: any[]) => object;

interface Written {
  root: unknown;
  /** Each class instance of the graph, with the index of its class in the list. */
  instances: Array<[object, number]>;
}

/** The instances of `classes` reachable from `root` through the fields of such instances, each once. */
function instancesIn(root: unknown, classes: readonly Revivable[]): Array<[object, number]> {
  const prototypes = new Map<object, number>(classes.map((c, i) => [c.prototype as object, i]));
  const found: Array<[object, number]> = [];
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    const at = prototypes.get(Object.getPrototypeOf(value) as object);
    if (at !== undefined) {
      found.push([value, at]);
      for (const field of Object.values(value)) visit(field);
    } else if (Object.getPrototypeOf(value) === Object.prototype) {
      for (const field of Object.values(value)) visit(field);
    }
  };
  visit(root);
  return found;
}

/** `root` as bytes. Throws when it holds what V8 cannot write (a function, a symbol, a WeakMap). */
export function writeGraph(root: unknown, classes: readonly Revivable[]): Buffer {
  const written: Written = { root, instances: instancesIn(root, classes) };
  return serialize(written);
}

/** The graph `writeGraph` wrote, its instances of `classes` (the same list, in the same order) with their classes again. */
export function readGraph(bytes: Buffer, classes: readonly Revivable[]): unknown {
  const { root, instances } = deserialize(bytes) as Written;
  for (const [instance, at] of instances) {
    const cls = classes[at];
    if (!cls) throw new Error(`snapshot names class ${at}, which this code does not have`);
    Object.setPrototypeOf(instance, cls.prototype as object);
    ownTypedArrays(instance as Record<string, unknown>);
  }
  return root;
}

/**
 * Node reads a typed array as a view of the bytes it came from (or, when those are not aligned, of a shared 8 KB
 * pool): one such array would keep the whole snapshot in memory. The instance's typed arrays (its fields, and those of
 * its arrays) that are views of a larger buffer are copied into their own.
 */
function ownTypedArrays(instance: Record<string, unknown>): void {
  const own = (v: unknown) => (ArrayBuffer.isView(v) && v.buffer.byteLength !== v.byteLength ? (v as Uint8Array).slice() : v);
  for (const [key, value] of Object.entries(instance)) {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) value[i] = own(value[i]);
    } else instance[key] = own(value);
  }
}
