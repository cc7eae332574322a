import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsObject, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import {
  BOX_LISTS_MAX,
  COPY_MAX,
  LABEL_MAX,
  MENU_CHILDREN_MAX,
  MENU_ITEMS_MAX,
  SECTION_BOXES_MAX,
  SITE_DESCRIPTION_MAX,
  SITE_TITLE_MAX,
  SOCIAL_ACCOUNTS_MAX,
  SOCIAL_ACCOUNT_NETWORKS,
  URL_MAX,
  type MenuItem,
  type SiteSettings,
  type SocialAccountNetwork,
} from '#libs/site-settings';
import { IsOmittable } from '../../http/validators.js';

const Nullable = (): PropertyDecorator => ValidateIf((_o: unknown, v: unknown) => v !== null && v !== undefined);

export class SocialAccountDto {
  @ApiProperty({ enum: SOCIAL_ACCOUNT_NETWORKS }) @IsIn(SOCIAL_ACCOUNT_NETWORKS) network: SocialAccountNetwork;
  @ApiProperty({ example: 'https://bsky.app/profile/magazine.example' }) @IsString() @MaxLength(URL_MAX) url: string;
  @ApiProperty({ nullable: true, type: String, example: '@magazine' }) @Nullable() @IsString() @MaxLength(LABEL_MAX) label: string | null;
}

export class PreferredSourceDto {
  @ApiProperty({ example: 'Make us a preferred source on Google' }) @IsString() @MaxLength(LABEL_MAX) label: string;
  @ApiProperty({ example: 'https://www.google.com/preferences/source?q=magazine.example' }) @IsString() @MaxLength(URL_MAX) url: string;
}

export class MenuLinkDto {
  @ApiProperty({ example: 'Europe' }) @IsString() @MaxLength(LABEL_MAX) label: string;
  @ApiProperty({ example: '/europe', description: 'A site path or an https URL.' }) @IsString() @MaxLength(URL_MAX) url: string;
}

export class MenuItemDto extends MenuLinkDto {
  @ApiProperty({ type: [MenuLinkDto], maxItems: MENU_CHILDREN_MAX })
  @IsArray()
  @ArrayMaxSize(MENU_CHILDREN_MAX)
  @ValidateNested({ each: true })
  @Type(() => MenuLinkDto)
  children: MenuLinkDto[];
}

export class MenusDto {
  @ApiProperty({ type: [MenuItemDto], maxItems: MENU_ITEMS_MAX })
  @IsArray()
  @ArrayMaxSize(MENU_ITEMS_MAX)
  @ValidateNested({ each: true })
  @Type(() => MenuItemDto)
  primary: MenuItemDto[];
  @ApiProperty({ type: [MenuItemDto], maxItems: MENU_ITEMS_MAX })
  @IsArray()
  @ArrayMaxSize(MENU_ITEMS_MAX)
  @ValidateNested({ each: true })
  @Type(() => MenuItemDto)
  footer: MenuItemDto[];
}

export class NewsletterBoxCopyDto {
  @ApiProperty({ example: 'Subscribe now to our weekly round-up' }) @IsString() @MaxLength(LABEL_MAX * 2) heading: string;
  @ApiProperty({ example: 'Staff analysis, opinion, and news.' }) @IsString() @MaxLength(COPY_MAX) body: string;
  @ApiProperty({ example: 'Subscribe' }) @IsString() @MaxLength(LABEL_MAX) buttonLabel: string;
  @ApiProperty({ type: [String], format: 'uuid', maxItems: BOX_LISTS_MAX, description: 'Lists offered, in order; empty: every open list.' })
  @IsArray()
  @ArrayMaxSize(BOX_LISTS_MAX)
  @IsUUID('all', { each: true })
  listIds: string[];
}

export class SectionBoxDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') sectionId: string;
  @ApiProperty({ nullable: true, type: String, description: 'Null: the default box’s.' }) @Nullable() @IsString() @MaxLength(LABEL_MAX * 2) heading: string | null;
  @ApiProperty({ nullable: true, type: String }) @Nullable() @IsString() @MaxLength(COPY_MAX) body: string | null;
  @ApiProperty({ nullable: true, type: String }) @Nullable() @IsString() @MaxLength(LABEL_MAX) buttonLabel: string | null;
  @ApiProperty({ nullable: true, type: [String], format: 'uuid', description: 'Null: the default box’s lists.' })
  @Nullable()
  @IsArray()
  @ArrayMaxSize(BOX_LISTS_MAX)
  @IsUUID('all', { each: true })
  listIds: string[] | null;
}

/** The whole settings document (PUT replaces it). */
export class SiteSettingsRequest {
  @ApiProperty({ example: 'The Foreign Desk', maxLength: SITE_TITLE_MAX }) @IsString() @MaxLength(SITE_TITLE_MAX) title: string;
  @ApiProperty({ maxLength: SITE_DESCRIPTION_MAX }) @IsString() @MaxLength(SITE_DESCRIPTION_MAX) description: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'An image of the library.' }) @Nullable() @IsUUID('all') logoImageId: string | null;
  @ApiProperty({ type: [SocialAccountDto], maxItems: SOCIAL_ACCOUNTS_MAX, description: 'The "Follow us" links.' })
  @IsArray()
  @ArrayMaxSize(SOCIAL_ACCOUNTS_MAX)
  @ValidateNested({ each: true })
  @Type(() => SocialAccountDto)
  socialAccounts: SocialAccountDto[];
  @ApiProperty({ nullable: true, type: PreferredSourceDto }) @Nullable() @IsObject() @ValidateNested() @Type(() => PreferredSourceDto) preferredSource: PreferredSourceDto | null;
  @ApiProperty({ type: MenusDto }) @IsObject() @ValidateNested() @Type(() => MenusDto) menus: MenusDto;
  @ApiProperty({ type: NewsletterBoxCopyDto }) @IsObject() @ValidateNested() @Type(() => NewsletterBoxCopyDto) newsletterBox: NewsletterBoxCopyDto;
  @ApiPropertyOptional({ type: [SectionBoxDto], maxItems: SECTION_BOXES_MAX, description: 'Per section: its own copy or lists.' })
  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(SECTION_BOXES_MAX)
  @ValidateNested({ each: true })
  @Type(() => SectionBoxDto)
  sectionBoxes?: SectionBoxDto[];
}

export class SiteSettingsResponse {
  @ApiProperty() title: string;
  @ApiProperty() description: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) logoImageId: string | null;
  @ApiProperty({ type: [SocialAccountDto] }) socialAccounts: SocialAccountDto[];
  @ApiProperty({ nullable: true, type: PreferredSourceDto }) preferredSource: PreferredSourceDto | null;
  @ApiProperty({ type: MenusDto }) menus: MenusDto;
  @ApiProperty({ type: NewsletterBoxCopyDto }) newsletterBox: NewsletterBoxCopyDto;
  @ApiProperty({ type: [SectionBoxDto] }) sectionBoxes: SectionBoxDto[];
  @ApiProperty({ description: '0: never saved (the defaults). The ETag is "s<version>".' }) version: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) updatedAt: string | null;

  static from(s: { settings: SiteSettings; version: number; updatedAt: Date | null }): SiteSettingsResponse {
    const menu = (items: MenuItem[]) => items.map((i) => ({ label: i.label, url: i.url, children: i.children.map((c) => ({ ...c })) }));
    const x = s.settings;
    return {
      title: x.title,
      description: x.description,
      logoImageId: x.logoImageId,
      socialAccounts: x.socialAccounts.map((a) => ({ ...a })),
      preferredSource: x.preferredSource && { ...x.preferredSource },
      menus: { primary: menu(x.menus.primary), footer: menu(x.menus.footer) },
      newsletterBox: { ...x.newsletterBox, listIds: [...x.newsletterBox.listIds] },
      sectionBoxes: x.sectionBoxes.map((b) => ({ ...b })),
      version: s.version,
      updatedAt: s.updatedAt?.toISOString() ?? null,
    };
  }
}
