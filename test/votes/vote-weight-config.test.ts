import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('VOTE_WEIGHT', () => {
  it.each([
    [undefined, 3],
    ['0', 0],
    ['2.5', 2.5],
  ])('reads %j as %d', (raw, weight) => {
    expect(loadConfig(raw === undefined ? {} : { VOTE_WEIGHT: raw }).VOTE_WEIGHT).toBe(weight);
  });

  it.each([
    ['-1', 'VOTE_WEIGHT: must be 0 or more'],
    ['lots', 'VOTE_WEIGHT: Invalid input: expected number, received NaN'],
  ])('rejects %j with "%s"', (raw, message) => {
    expect(() => loadConfig({ VOTE_WEIGHT: raw })).toThrow(message);
  });
});
