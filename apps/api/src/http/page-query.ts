import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsOmittable } from './validators.js';

/** RULE: a page size in a query string is digits only ("20"); anything else stays as sent and fails @IsInt. */
export const toPageLimit = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

/**
 * `?cursor=&limit=` of every keyset-paginated admin list (limit capped at 100): list queries
 * extend this class instead of declaring their own. One coercion for all of them.
 */
export class PageQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, description: 'Page size (the default depends on the list).' })
  @IsOmittable()
  @Transform(toPageLimit)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
