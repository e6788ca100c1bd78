import { afterEach, describe, expect, it } from 'vitest';
import { startFakeHf, type FakeHf } from '../fakes/hf-server.ts';
import { FakeClock } from '../helpers/fake-clock.ts';
import { openAlertWorld, textOf, type AlertWorld } from './world.ts';

let hf: FakeHf | undefined;
let w: AlertWorld | undefined;
afterEach(async () => {
  await w?.app.close();
  await hf?.close();
});

const open = async (cap: string) => {
  hf = await startFakeHf();
  w = await openAlertWorld({ storeUrl: 'memory://', hf, clock: new FakeClock('2026-08-20T12:00:00Z'), env: { ALERT_DAILY_CAP: cap } });
  return w;
};

describe('subscribe warns when the preview matched more than the daily cap a day', () => {
  // "diffusion" matched 13 papers over the 7 days (commands.test.ts): about 1.9 a day.
  it('warns above the cap, suggesting fields, phrases and exclusions', async () => {
    const text = textOf(await (await open('1')).run('subscribe diffusion'));
    expect(text).toContain('⚠ That is about 2 a day, more than the daily limit of 1 alerts, so some would be cut.');
    expect(text).toContain('a field (title:word), a "quoted phrase", -exclusions');
  });

  it('says nothing of the kind at or under the cap', async () => {
    expect(textOf(await (await open('2')).run('subscribe diffusion'))).not.toContain('⚠');
  });
});
