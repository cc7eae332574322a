import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';

import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { SECTION_DESCRIPTION_MAX, TAG_KINDS, TERM_NAME_MAX, TERM_SLUG_MAX, type ArticleType, type Section, type Tag, type TagKind } from '#libs/taxonomy';
import { IsOmittable } from '../../http/validators.js';
import { PageQuery } from '../../http/page-query.js';

// PATCH fields that may be left out but never nulled
const presentUnlessUndefined = (field: string) => ValidateIf((o: Record<string, unknown>) => o[field] !== undefined);

export class CreateSectionRequest {
  @ApiProperty({ example: 'Middle East', maxLength: TERM_NAME_MAX })
  @IsString()
  @MinLength(1)
  @MaxLength(TERM_NAME_MAX)
  name: string;

  @ApiPropertyOptional({ example: 'middle-east', description: 'Generated from the name when left out.', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(TERM_SLUG_MAX)
  slug?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: SECTION_DESCRIPTION_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(SECTION_DESCRIPTION_MAX)
  description?: string | null;

  @ApiPropertyOptional({ description: 'Navigation order (ascending). Default: after the last section.', minimum: 0 })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  position?: number;
}

/** Fields left out stay as they are; `null` is refused but for the description. */
export class UpdateSectionRequest extends PartialType(OmitType(CreateSectionRequest, ['slug']), { skipNullProperties: false }) {
  @ApiPropertyOptional({ example: 'Middle East & North Africa', maxLength: TERM_NAME_MAX, description: 'Renaming keeps the slug unless a new one is sent.' })
  override name?: string;

  @ApiPropertyOptional({ description: 'Navigation order (ascending).', minimum: 0 })
  override position?: number;

  @ApiPropertyOptional({ example: 'mena', maxLength: TERM_SLUG_MAX })
  @presentUnlessUndefined('slug')
  @IsString()
  @MaxLength(TERM_SLUG_MAX)
  slug?: string;
}

export class SectionResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'europe' }) slug: string;
  @ApiProperty({ example: 'Europe' }) name: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() position: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(s: Section): SectionResponse {
    return { id: s.id, slug: s.slug, name: s.name, description: s.description, position: s.position, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() };
  }
}

export class CreateArticleTypeRequest {
  @ApiProperty({ example: 'Analysis', maxLength: TERM_NAME_MAX })
  @IsString()
  @MinLength(1)
  @MaxLength(TERM_NAME_MAX)
  name: string;

  @ApiPropertyOptional({ example: 'analysis', description: 'Generated from the name when left out.', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(TERM_SLUG_MAX)
  slug?: string | null;
}

export class UpdateArticleTypeRequest extends PartialType(OmitType(CreateArticleTypeRequest, ['slug']), { skipNullProperties: false }) {
  @ApiPropertyOptional({ example: 'analysis', maxLength: TERM_SLUG_MAX })
  @presentUnlessUndefined('slug')
  @IsString()
  @MaxLength(TERM_SLUG_MAX)
  slug?: string;
}

export class ArticleTypeResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'analysis' }) slug: string;
  @ApiProperty({ example: 'Analysis' }) name: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(t: ArticleType): ArticleTypeResponse {
    return { id: t.id, slug: t.slug, name: t.name, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString() };
  }
}

export class CreateTagRequest {
  @ApiProperty({ example: 'Donald Tusk', maxLength: TERM_NAME_MAX })
  @IsString()
  @MinLength(1)
  @MaxLength(TERM_NAME_MAX)
  name: string;

  @ApiProperty({ enum: TAG_KINDS, example: 'person' })
  @IsIn(TAG_KINDS)
  kind: TagKind;

  @ApiPropertyOptional({ example: 'donald-tusk', description: 'Generated from the name when left out.', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(TERM_SLUG_MAX)
  slug?: string | null;
}

export class UpdateTagRequest extends PartialType(OmitType(CreateTagRequest, ['slug']), { skipNullProperties: false }) {
  @ApiPropertyOptional({ example: 'donald-tusk', maxLength: TERM_SLUG_MAX })
  @presentUnlessUndefined('slug')
  @IsString()
  @MaxLength(TERM_SLUG_MAX)
  slug?: string;
}

export class ListTagsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TAG_KINDS })
  @IsOmittable()
  @IsIn(TAG_KINDS)
  kind?: TagKind;

  @ApiPropertyOptional({ description: 'Matches name or slug (case-insensitive, anywhere).' })
  @IsOmittable()
  @IsString()
  @MaxLength(120)
  q?: string;
}

export class TagResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'donald-tusk' }) slug: string;
  @ApiProperty({ example: 'Donald Tusk' }) name: string;
  @ApiProperty({ enum: TAG_KINDS }) kind: TagKind;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(t: Tag): TagResponse {
    return { id: t.id, slug: t.slug, name: t.name, kind: t.kind, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString() };
  }
}

export class TagPageResponse {
  @ApiProperty({ type: [TagResponse] }) items: TagResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last one.' }) nextCursor: string | null;
}
