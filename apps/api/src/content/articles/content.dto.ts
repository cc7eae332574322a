import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, getMetadataStorage, IsArray, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { SLUG_PATTERN } from '#libs/kernel';
import { CARD_FIELDS, type CardField } from '#libs/publication';
import { IsOmittable } from '../../http/validators.js';

/** Every content query accepts `key` (the API key may travel in the query string). */
export class KeyQuery {
  @ApiPropertyOptional({ description: 'Content API key (or send X-Api-Key).' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  key?: string;
}

export class PageQuery extends KeyQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'From the previous page’s nextCursor.' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

/** `a,b,c` (or the parameter repeated) as a list. */
const commaList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' || Array.isArray(value)
    ? ([] as unknown[])
        .concat(value)
        .flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]))
        .map((v) => (typeof v === 'string' ? v.trim() : v))
        .filter((v) => v !== '')
    : value;

export const EXCLUDE_MAX = 20;
const ID_OR_SLUG = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[a-z0-9]+(?:-[a-z0-9]+)*)$/;

/** A list of cards: a page of it, some pieces left out, some fields only. */
export class CardListQuery extends PageQuery {
  @ApiPropertyOptional({
    type: String,
    example: '7f0c7a4e-3c1e-4c7e-9a55-0a4d3c1f2b9e',
    description: `Leave these pieces out: article ids or slugs, comma-separated (at most ${EXCLUDE_MAX}). The LATEST rail on an article page: \`exclude=<its id>\`.`,
  })
  @IsOmittable()
  @Transform(commaList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EXCLUDE_MAX)
  @MaxLength(120, { each: true })
  @Matches(ID_OR_SLUG, { each: true, message: 'each item must be an article id or slug' })
  exclude?: string[];

  @ApiPropertyOptional({
    type: String,
    example: 'slug,headline,topImage',
    description: `Only these card fields (\`articleId\` always comes), comma-separated: ${CARD_FIELDS.join(', ')}.`,
  })
  @IsOmittable()
  @Transform(commaList)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CARD_FIELDS.length)
  @IsIn(CARD_FIELDS, { each: true })
  fields?: CardField[];
}

export class IndexQuery extends KeyQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 1000, description: 'The most used first: at most this many.' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class ListQuery extends CardListQuery {
  @ApiPropertyOptional({ description: 'Section slug' })
  @IsOmittable()
  @Matches(SLUG_PATTERN)
  @MaxLength(120)
  section?: string;

  @ApiPropertyOptional({ description: 'Tag slug' })
  @IsOmittable()
  @Matches(SLUG_PATTERN)
  @MaxLength(120)
  tag?: string;

  @ApiPropertyOptional({ description: 'Contributor slug' })
  @IsOmittable()
  @Matches(SLUG_PATTERN)
  @MaxLength(120)
  contributor?: string;

  @ApiPropertyOptional({ description: 'Article type slug' })
  @IsOmittable()
  @Matches(SLUG_PATTERN)
  @MaxLength(120)
  type?: string;
}

export class SearchQuery extends KeyQuery {
  @ApiPropertyOptional({ description: 'Web-search syntax: words, "phrases", -exclusions, or.', required: true })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 1000 })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  offset?: number;
}

export class ArticlePageQuery extends KeyQuery {
  @ApiPropertyOptional({ description: 'Opaque reader id for sticky donation-banner variants.' })
  @IsOmittable()
  @IsString()
  @MaxLength(128)
  reader?: string;
}

export class FeedQuery {
  @ApiPropertyOptional({ description: 'Section slug: that section’s feed' })
  @IsOmittable()
  @Matches(SLUG_PATTERN)
  @MaxLength(120)
  section?: string;
}

export class LegacyRedirectQuery extends KeyQuery {
  @ApiPropertyOptional({ description: 'An address on the old site, e.g. `/2023/11/05/kyiv-winter/` or `/?p=12` (a full URL works too).', required: true })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
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
