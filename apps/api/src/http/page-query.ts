import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsOmittable } from './validators.js';

/** `?cursor=&limit=` of every keyset-paginated admin list (limit capped at 100). */
export class PageQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page.' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, description: 'Page size (the default depends on the list).' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
