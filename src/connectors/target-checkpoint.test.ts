import { describe, expect, it } from 'vitest';
import { checkpointAhead, checkpointPosition } from './target-checkpoint.js';

describe('checkpointAhead', () => {
  const row = { seq: 5, checkpoint: { key: [50] } };

  it("offers the target's checkpoint only when its batch counter is ahead of the store's", () => {
    expect(checkpointAhead(row, checkpointPosition(4))).toEqual({ key: [50] });
    expect(checkpointAhead(row, checkpointPosition(5))).toBeUndefined();
    expect(checkpointAhead(row, checkpointPosition(6))).toBeUndefined();
  });

  it('leaves the decision to the store when it has no position of the target (first run, reset)', () => {
    expect(checkpointAhead(row, undefined)).toBeUndefined();
    expect(checkpointAhead(row, { bytes: 10 })).toBeUndefined();
    expect(checkpointAhead(undefined, checkpointPosition(0))).toBeUndefined();
  });
});
