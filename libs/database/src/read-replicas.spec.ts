import { describe, expect, it } from 'vitest';
import { chooseReplica, formatLsn, parseLsn, replicaLagMs, type ReplicaState } from './read-replicas.js';

const fit = (lsn: bigint): ReplicaState => ({ healthy: true, replayLsn: lsn, lagMs: 0 });

describe('WAL positions', () => {
  it('order like the WAL across the high word, and print as PostgreSQL does', () => {
    expect(parseLsn('0/FFFFFFFF')! < parseLsn('1/0')!).toBe(true);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(formatLsn(parseLsn('16/B374D848')!)).toBe('16/B374D848');
    for (const bad of ['', null, undefined, '16', '16/', 'x/1', '1/2/3', '123456789/0']) expect(parseLsn(bad)).toBeNull();
  });
});

describe('chooseReplica', () => {
  it('takes the standbys in turn', () => {
    const r = [fit(10n), fit(10n), fit(10n)];
    const picks: number[] = [];
    let last = -1;
    for (let i = 0; i < 6; i++) picks.push((last = chooseReplica(r, 5n, last)));
    expect(picks).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('skips a standby that has not replayed the newest change, and one that is unhealthy', () => {
    const r = [fit(4n), { healthy: false, replayLsn: 99n, lagMs: null }, fit(5n)];
    expect(chooseReplica(r, 5n, -1)).toBe(2);
    expect(chooseReplica(r, 5n, 2)).toBe(2);
  });

  it('answers the primary (-1) when no standby is fit, or none is configured', () => {
    expect(chooseReplica([fit(4n), { healthy: true, replayLsn: null, lagMs: 0 }], 5n, -1)).toBe(-1);
    expect(chooseReplica([], 0n, -1)).toBe(-1);
  });
});

describe('replicaLagMs', () => {
  it('is 0 for a standby that has replayed all the primary wrote, however old its last transaction', () => {
    expect(replicaLagMs(100n, 100n, 3_600_000)).toBe(0);
    expect(replicaLagMs(101n, 100n, 3_600_000)).toBe(0);
  });
  it('is the time since its last replayed transaction while it is behind', () => {
    expect(replicaLagMs(99n, 100n, 1234)).toBe(1234);
    expect(replicaLagMs(99n, null, 1234)).toBe(1234);
  });
  it('is unknown when the standby has replayed nothing', () => {
    expect(replicaLagMs(null, 100n, 5)).toBeNull();
  });
});
