import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Fixed-window hit counters shared by every api instance. */
@Entity({ name: 'rate_limit_counters' })
@Index('idx_rate_limit_counters_expires_at', ['expiresAt'])
export class RateLimitCounterEntity {
  @PrimaryColumn('text')
  key: string;

  @PrimaryColumn('timestamptz')
  windowStart: Date;

  @Column('int')
  hits: number;

  @Column('timestamptz')
  expiresAt: Date;
}

export const RATE_LIMIT_ENTITIES = [RateLimitCounterEntity];
