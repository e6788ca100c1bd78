import { IANAZone } from 'luxon';

/** Few distinct zones are ever stored; a hand-edited store could hold many, so the memo stops growing here. */
const MEMO_LIMIT = 1_000;
const memo = new Map<string, boolean>();

/**
 * Whether this runtime knows the IANA zone `name`, remembered per name. luxon's `IANAZone.isValidZone` builds a new
 * `Intl.DateTimeFormat` on every call (native ICU memory and ~0.5 ms each), and every read of a channel's settings
 * checks its zone: at 10,000 channels that was most of start-up and most of the RSS (decision 094). A zone's validity
 * never changes within a process (the ICU data is fixed), so the answer can be kept.
 */
export function isKnownTimeZone(name: string): boolean {
  const known = memo.get(name);
  if (known !== undefined) return known;
  const valid = IANAZone.isValidZone(name);
  if (memo.size < MEMO_LIMIT) memo.set(name, valid);
  return valid;
}
