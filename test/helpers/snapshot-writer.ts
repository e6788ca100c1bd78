// A process that writes the alert engine's snapshot of a small engine again and again to one file (argv: file, times,
// subscriptions), for the test of two writers at once. Prints "done" at the end.
import { saveSnapshot } from '../../src/alerts/engine-snapshot.ts';
import { createLikeMatcher } from '../../src/alerts/like-matcher.ts';
import { plainTerms } from '../../src/alerts/like-profile.ts';
import { createMatcher } from '../../src/alerts/matcher.ts';
import { parseAlertQuery } from '../../src/alerts/query.ts';
import { TrackedSubscriptions } from '../../src/alerts/tracked-subscriptions.ts';

const [file, times, count] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
const matcher = createMatcher();
const tracked = new TrackedSubscriptions();
for (let i = 0; i < count; i++) {
  const { query, scope } = parseAlertQuery(`"topic ${i}" OR word${i % 50}`);
  matcher.add({ id: `p${process.pid}-${i}`, query, scope });
  tracked.add(`p${process.pid}-${i}`, { platform: 'discord', community: 'g', channel: `c${i % 20}` }, i);
}
const likes = createLikeMatcher(plainTerms);
for (let n = 0; n < times; n++) saveSnapshot(file, { matcher: matcher.state(), likes: likes.state(), tracked, unparsable: [], gen: count });
process.stdout.write('done\n');
