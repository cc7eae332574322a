import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import {
  CONTRIBUTOR_BIO_MAX,
  CONTRIBUTOR_DISCLOSURE_MAX,
  CONTRIBUTOR_NAME_MAX,
  CONTRIBUTOR_SLUG_MAX,
  CONTRIBUTOR_TITLE_MAX,
  SOCIAL_LINKS_MAX,
  SOCIAL_NETWORK_NAMES,
  type ContributorWithCount,
  type MergeResult,
} from '#libs/contributors';
import { IsOmittable } from '../../http/validators.js';
import { PageQuery } from '../../http/page-query.js';

// PATCH fields that may be left out but never nulled
const presentUnlessUndefined = (field: string) => ValidateIf((o: Record<string, unknown>) => o[field] !== undefined);

export class SocialLinkDto {
  @ApiProperty({ enum: SOCIAL_NETWORK_NAMES, example: 'bluesky' })
  @IsString()
  @MaxLength(40)
  network: string;

  @ApiProperty({ example: 'https://bsky.app/profile/jane.example.org', description: "https only; on the network's own host (any host for mastodon and website)." })
  @IsString()
  @MaxLength(2_000)
  url: string;
}

export class CreateContributorRequest {
  @ApiProperty({ example: 'Jane Doe', maxLength: CONTRIBUTOR_NAME_MAX })
  @IsString()
  @MinLength(1)
  @MaxLength(CONTRIBUTOR_NAME_MAX)
  name: string;

  @ApiPropertyOptional({ example: 'jane-doe', description: 'Generated from the name when left out.', maxLength: CONTRIBUTOR_SLUG_MAX, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(CONTRIBUTOR_SLUG_MAX)
  slug?: string | null;

  @ApiPropertyOptional({ example: 'Senior Fellow, Carnegie Europe', nullable: true, type: String, maxLength: CONTRIBUTOR_TITLE_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(CONTRIBUTOR_TITLE_MAX)
  title?: string | null;

  @ApiPropertyOptional({ description: 'Plain text (not HTML).', nullable: true, type: String, maxLength: CONTRIBUTOR_BIO_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(CONTRIBUTOR_BIO_MAX)
  bio?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'An image from the image library.' })
  @IsOptional()
  @IsUUID()
  avatarImageId?: string | null;

  @ApiPropertyOptional({ type: [SocialLinkDto], maxItems: SOCIAL_LINKS_MAX })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(SOCIAL_LINKS_MAX)
  @ValidateNested({ each: true })
  @Type(() => SocialLinkDto)
  socialLinks?: SocialLinkDto[];

  @ApiPropertyOptional({ example: 'Jane Doe has advised the European Commission.', nullable: true, type: String, maxLength: CONTRIBUTOR_DISCLOSURE_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(CONTRIBUTOR_DISCLOSURE_MAX)
  disclosure?: string | null;
}

/** Fields left out stay as they are; `null` clears the nullable ones. */
export class UpdateContributorRequest extends PartialType(OmitType(CreateContributorRequest, ['slug']), { skipNullProperties: false }) {
  @ApiPropertyOptional({ example: 'jane-doe', maxLength: CONTRIBUTOR_SLUG_MAX, description: 'The old slug keeps redirecting to this profile.' })
  @presentUnlessUndefined('slug')
  @IsString()
  @MaxLength(CONTRIBUTOR_SLUG_MAX)
  slug?: string;

  @ApiPropertyOptional({ type: [SocialLinkDto], maxItems: SOCIAL_LINKS_MAX, description: 'Replaces the whole list.' })
  override socialLinks?: SocialLinkDto[];
}

export class LinkAccountRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  accountId: string;
}

export class MergeContributorRequest {
  @ApiProperty({ format: 'uuid', description: 'The profile that remains.' })
  @IsUUID()
  intoId: string;
}

export class ListContributorsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Matches name or slug (case-insensitive, anywhere).' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class SocialLinkResponse {
  @ApiProperty({ enum: SOCIAL_NETWORK_NAMES }) network: string;
  @ApiProperty() url: string;
}

export class ContributorAdminResponse {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'jane-doe' }) slug: string;
  @ApiProperty({ example: 'Jane Doe' }) name: string;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Plain text.' }) bio: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) avatarImageId: string | null;
  @ApiProperty({ type: [SocialLinkResponse] }) socialLinks: SocialLinkResponse[];
  @ApiProperty({ nullable: true, type: String }) disclosure: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The linked login, if any.' }) accountId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Set when this profile was merged into another.' }) mergedIntoId: string | null;
  @ApiProperty({ description: 'Articles crediting this profile.' }) articleCount: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(c: ContributorWithCount): ContributorAdminResponse {
    return {
      id: c.id,
      slug: c.slug,
      name: c.name,
      title: c.title,
      bio: c.bio,
      avatarImageId: c.avatarImageId,
      socialLinks: c.socialLinks.map((l) => ({ network: l.network, url: l.url })),
      disclosure: c.disclosure,
      accountId: c.accountId,
      mergedIntoId: c.mergedIntoId,
      articleCount: c.articleCount,
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    };
  }
}

export class ContributorPageResponse {
  @ApiProperty({ type: [ContributorAdminResponse] }) items: ContributorAdminResponse[];
  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page; null on the last one.' }) nextCursor: string | null;
}

export class MergeContributorResponse {
  @ApiProperty({ type: ContributorAdminResponse, description: 'The profile that remains.' }) contributor: ContributorAdminResponse;
  @ApiProperty({ description: 'The profile merged away (now hidden; its slugs redirect).' }) mergedId: string;
  @ApiProperty() bylinesMoved: number;
  @ApiProperty({ description: 'Bylines dropped because the article already credited the remaining profile.' }) duplicateBylinesDropped: number;

  static from(r: MergeResult): MergeContributorResponse {
    return { contributor: ContributorAdminResponse.from(r.contributor), mergedId: r.mergedId, bylinesMoved: r.bylinesMoved, duplicateBylinesDropped: r.duplicateBylinesDropped };
  }
}
