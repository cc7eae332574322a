import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { getMetadataStorage, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { SLUG_PATTERN } from '#libs/kernel';
import { IsOmittable } from '../../http/validators.js';


/** Every content query accepts `key` (the API key may travel in the query string). */
export class KeyQuery {
  @ApiPropertyOptional({ description: 'Content API key (or send X-Api-Key).' })
  @IsOmittable() @IsString() @MaxLength(200)
  key?: string;
}

export class PageQuery extends KeyQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOmittable() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'From the previous page’s nextCursor.' })
  @IsOmittable() @IsString() @MaxLength(200)
  cursor?: string;
}

export class ListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Section slug' }) @IsOmittable() @Matches(SLUG_PATTERN) @MaxLength(120)
  section?: string;

  @ApiPropertyOptional({ description: 'Tag slug' }) @IsOmittable() @Matches(SLUG_PATTERN) @MaxLength(120)
  tag?: string;

  @ApiPropertyOptional({ description: 'Contributor slug' }) @IsOmittable() @Matches(SLUG_PATTERN) @MaxLength(120)
  contributor?: string;

  @ApiPropertyOptional({ description: 'Article type slug' }) @IsOmittable() @Matches(SLUG_PATTERN) @MaxLength(120)
  type?: string;
}

export class SearchQuery extends KeyQuery {
  @ApiPropertyOptional({ description: 'Web-search syntax: words, "phrases", -exclusions, or.', required: true })
  @IsString() @MinLength(1) @MaxLength(200)
  q: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOmittable() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1000 })
  @IsOmittable() @Type(() => Number) @IsInt() @Min(0) @Max(1000)
  offset?: number;
}

export class ArticlePageQuery extends KeyQuery {
  @ApiPropertyOptional({ description: 'Opaque reader id for sticky donation-banner variants.' })
  @IsOmittable() @IsString() @MaxLength(128)
  reader?: string;
}

export class FeedQuery {
  @ApiPropertyOptional({ description: 'Section slug: that section’s feed' }) @IsOmittable() @Matches(SLUG_PATTERN) @MaxLength(120)
  section?: string;
}

export class LegacyRedirectQuery extends KeyQuery {
  @ApiPropertyOptional({ description: 'An address on the old site, e.g. `/2023/11/05/kyiv-winter/` or `/?p=12` (a full URL works too).', required: true })
  @IsString() @MinLength(1) @MaxLength(2000)
  path: string;
}

/**
 * The `@MaxLength` a DTO declares for a field: where the front door's fast path takes its limits
 * (content-http.ts), so it refuses exactly what the full pipeline would. Throws at startup when
 * the field has none (a renamed field must not turn into "no limit").
 */
export function maxLengthOf(dto: abstract new () => object, field: string): number {
  const found = getMetadataStorage()
    .getTargetValidationMetadatas(dto, '', true, false)
    .find((m) => m.propertyName === field && m.name === 'maxLength');
  const max: unknown = found?.constraints?.[0];
  if (typeof max !== 'number') throw new Error(`${dto.name}.${field} declares no @MaxLength`);
  return max;
}
