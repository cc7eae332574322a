import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import {
  ALT_TEXT_MAX,
  CAPTION_MAX,
  CREDIT_FORMS,
  CREDIT_LABELS,
  MIME_TYPES,
  PARTY_KINDS,
  URL_MAX,
  type CreditPartyEntity,
  type ImageDetails,
  type ImageFormat,
  type LicenseReportItem,
  type PartyRef,
} from '#libs/image-credits';
import { PageQuery } from '../../http/page-query.js';
import { IsInstant, IsOmittable } from '../../http/validators.js';

// ---- requests

export class RegisterImageUrlRequest {
  @ApiProperty({ example: 'https://images.example.org/2025/summit.jpg', description: 'An https address; stored, never fetched by the server.' })
  @IsString()
  @MinLength(1)
  @MaxLength(URL_MAX)
  url: string;

  @ApiPropertyOptional({ example: 1600, minimum: 1 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(100_000)
  width?: number;

  @ApiPropertyOptional({ example: 900, minimum: 1 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(100_000)
  height?: number;

  @ApiPropertyOptional({ maxLength: ALT_TEXT_MAX })
  @IsOmittable()
  @IsString()
  @MaxLength(ALT_TEXT_MAX)
  altText?: string;

  @ApiPropertyOptional({ maxLength: CAPTION_MAX })
  @IsOmittable()
  @IsString()
  @MaxLength(CAPTION_MAX)
  caption?: string;
}

export class FocalPointRequest {
  @ApiProperty({ example: 0.5, minimum: 0, maximum: 1, description: 'From the left edge (0) to the right (1).' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  x: number;

  @ApiProperty({ example: 0.3, minimum: 0, maximum: 1, description: 'From the top edge (0) to the bottom (1).' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  y: number;
}

/** Omitted fields stay as they are; `null` clears. */
export class UpdateImageRequest {
  @ApiPropertyOptional({ nullable: true, type: String, maxLength: ALT_TEXT_MAX, description: 'Required before the image can be a top image.' })
  @IsOptional()
  @IsString()
  @MaxLength(ALT_TEXT_MAX)
  altText?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, maxLength: CAPTION_MAX, description: 'Default caption; a use may override it.' })
  @IsOptional()
  @IsString()
  @MaxLength(CAPTION_MAX)
  caption?: string | null;

  @ApiPropertyOptional({ nullable: true, type: FocalPointRequest })
  @IsOptional()
  @ValidateNested()
  @Type(() => FocalPointRequest)
  focalPoint?: FocalPointRequest | null;
}

/** Replaces the credit whole: an omitted slot is cleared. */
export class SetCreditRequest {
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'A credit party of kind `person`.' })
  @IsOptional()
  @IsUUID()
  photographerId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'A credit party of kind `agency`.' })
  @IsOptional()
  @IsUUID()
  agencyId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'A credit party of kind `provider`.' })
  @IsOptional()
  @IsUUID()
  providerId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Link for the credit (e.g. the image page at the provider).' })
  @IsOptional()
  @IsString()
  @MaxLength(URL_MAX)
  url?: string | null;

  @ApiPropertyOptional({ enum: CREDIT_FORMS, default: 'standard', description: '`standard`: "Top image credit: A - B / C"; `via`: "A via C".' })
  @IsOmittable()
  @IsIn(CREDIT_FORMS)
  form?: (typeof CREDIT_FORMS)[number];

  @ApiPropertyOptional({ enum: CREDIT_LABELS, default: 'image', description: '"Top image credit" or "Top photo credit".' })
  @IsOmittable()
  @IsIn(CREDIT_LABELS)
  label?: (typeof CREDIT_LABELS)[number];
}

/** Replaces the license whole. */
export class SetLicenseRequest {
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Shutterstock' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  licensor?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Editorial use only; license 2093847561' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  terms?: string | null;

  @ApiPropertyOptional({ default: false, description: 'May partners republish the image with our articles?' })
  @IsOmittable()
  @IsBoolean()
  canSyndicate?: boolean;

  @ApiPropertyOptional({ default: true, description: 'False when the licence forbids publishing the image at all; the publish gate then refuses it as a top image.' })
  @IsOmittable()
  @IsBoolean()
  mayDistribute?: boolean;

  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-12-31T23:59:59Z', description: 'ISO 8601; a date alone means 00:00 UTC that day. Null: no expiry.' })
  @IsOptional()
  @IsInstant()
  expiresAt?: string | null;
}

export class ListImagesQuery extends PageQuery {
  @ApiPropertyOptional({
    maxLength: 200,
    example: 'Reuters',
    description: 'Matches alt text, caption, file name, licensor or a credited photographer, agency or provider (case-insensitive substring).',
  })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class LicenseReportQuery {
  @ApiPropertyOptional({ minimum: 0, maximum: 3650, default: 30, description: 'List licenses that expired or expire within this many days.' })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3650)
  withinDays?: number;
}

export class CreateCreditPartyRequest {
  @ApiProperty({ enum: PARTY_KINDS, description: '`person` (photographer), `agency`, `provider` (stock site, wire).' })
  @IsIn(PARTY_KINDS)
  kind: (typeof PARTY_KINDS)[number];

  @ApiProperty({ example: 'Shutterstock.com', description: 'Printed as is in credit lines.' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'https://www.shutterstock.com' })
  @IsOptional()
  @IsString()
  @MaxLength(URL_MAX)
  url?: string | null;
}

/** The kind is fixed at creation. */
export class UpdateCreditPartyRequest extends PartialType(OmitType(CreateCreditPartyRequest, ['kind']), { skipNullProperties: false }) {}

export class ListCreditPartiesQuery {
  @ApiPropertyOptional({ enum: PARTY_KINDS })
  @IsOmittable()
  @IsIn(PARTY_KINDS)
  kind?: (typeof PARTY_KINDS)[number];

  @ApiPropertyOptional({ description: 'Part of the name, any case.' })
  @IsOmittable()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 100 })
  @IsOmittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

// ---- responses

export class CreditPartyResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: PARTY_KINDS }) kind: string;
  @ApiProperty({ example: 'COMEO' }) name: string;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(p: CreditPartyEntity): CreditPartyResponse {
    return { id: p.id, kind: p.kind, name: p.name, url: p.url, createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString() };
  }
}

export class PartyRefResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: PARTY_KINDS }) kind: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) url: string | null;

  static from(p: PartyRef | null): PartyRefResponse | null {
    return p ? { id: p.id, kind: p.kind, name: p.name, url: p.url } : null;
  }
}

export class ImageCreditResponse {
  @ApiProperty({ nullable: true, type: PartyRefResponse }) photographer: PartyRefResponse | null;
  @ApiProperty({ nullable: true, type: PartyRefResponse }) agency: PartyRefResponse | null;
  @ApiProperty({ nullable: true, type: PartyRefResponse }) provider: PartyRefResponse | null;
  @ApiProperty({ nullable: true, type: String }) url: string | null;
  @ApiProperty({ enum: CREDIT_FORMS }) form: string;
  @ApiProperty({ enum: CREDIT_LABELS }) label: string;
}

export class ImageLicenseResponse {
  @ApiProperty({ nullable: true, type: String }) licensor: string | null;
  @ApiProperty({ nullable: true, type: String }) terms: string | null;
  @ApiProperty() canSyndicate: boolean;
  @ApiProperty() mayDistribute: boolean;
  @ApiProperty({ nullable: true, type: String }) expiresAt: string | null;
}

export class SuggestedCreditResponse {
  @ApiProperty({ nullable: true, type: String, description: 'From IPTC By-line / EXIF Artist / XMP creator.' }) photographer: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'From IPTC Credit.' }) agency: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'From IPTC Source.' }) provider: string | null;
  @ApiProperty({ nullable: true, type: String }) copyright: string | null;
}

export class FocalPointResponse {
  @ApiProperty() x: number;
  @ApiProperty() y: number;
}

export class ImageUseResponse {
  @ApiProperty({ enum: ['article', 'teaser'] }) usageType: string;
  @ApiProperty() usageId: string;
  @ApiProperty({ enum: ['top', 'inline', 'teaser'] }) role: string;
  @ApiProperty() position: number;
  @ApiProperty({ nullable: true, type: String }) captionOverride: string | null;
  @ApiProperty({ nullable: true, type: String }) creditOverride: string | null;
}

export class ImageResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['upload', 'url'] }) source: string;
  @ApiProperty({ description: 'Where the file is served, or the registered address.' }) url: string;
  @ApiProperty({ nullable: true, type: String, enum: ['jpeg', 'png', 'webp', 'gif', 'avif'], description: 'Sniffed from the bytes.' }) format: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'image/jpeg' }) mimeType: string | null;
  @ApiProperty({ nullable: true, type: Number }) width: number | null;
  @ApiProperty({ nullable: true, type: Number }) height: number | null;
  @ApiProperty({ nullable: true, type: Number }) byteSize: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of the bytes.' }) contentHash: string | null;
  @ApiProperty({ nullable: true, type: String }) originalFilename: string | null;
  @ApiProperty({ nullable: true, type: String }) altText: string | null;
  @ApiProperty({ nullable: true, type: String }) caption: string | null;
  @ApiProperty({ nullable: true, type: FocalPointResponse }) focalPoint: FocalPointResponse | null;
  @ApiProperty({ type: ImageCreditResponse }) credit: ImageCreditResponse;
  @ApiProperty({ nullable: true, type: String, example: 'Top image credit: Frederic Legrand - COMEO / Shutterstock.com', description: 'As a top image, before per-use overrides.' })
  creditLine: string | null;
  @ApiProperty({ type: ImageLicenseResponse }) license: ImageLicenseResponse;
  @ApiProperty({ nullable: true, type: SuggestedCreditResponse, description: "Read from the file's IPTC/EXIF/XMP on upload; not applied until an editor sets the credit." })
  suggestedCredit: SuggestedCreditResponse | null;
  @ApiProperty({ type: [ImageUseResponse], description: 'Where the image is used.' }) uses: ImageUseResponse[];
  @ApiProperty({ nullable: true, type: String }) uploadedBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(d: ImageDetails): ImageResponse {
    const i = d.image;
    return {
      id: i.id,
      source: i.source,
      url: d.url,
      format: i.format,
      mimeType: i.format ? MIME_TYPES[i.format as ImageFormat] : null,
      width: i.width,
      height: i.height,
      byteSize: i.byteSize,
      contentHash: i.contentHash,
      originalFilename: i.originalFilename,
      altText: i.altText,
      caption: i.caption,
      focalPoint: i.focalX !== null && i.focalY !== null ? { x: i.focalX, y: i.focalY } : null,
      credit: {
        photographer: PartyRefResponse.from(d.credit.photographer),
        agency: PartyRefResponse.from(d.credit.agency),
        provider: PartyRefResponse.from(d.credit.provider),
        url: d.credit.url,
        form: d.credit.form,
        label: d.credit.label,
      },
      creditLine: d.creditLine,
      license: {
        licensor: i.licenseLicensor,
        terms: i.licenseTerms,
        canSyndicate: i.licenseCanSyndicate,
        mayDistribute: i.licenseMayDistribute,
        expiresAt: i.licenseExpiresAt?.toISOString() ?? null,
      },
      suggestedCredit: d.suggestedCredit,
      uses: d.uses.map((u) => ({ ...u })),
      uploadedBy: i.uploadedBy,
      createdAt: i.createdAt.toISOString(),
      updatedAt: i.updatedAt.toISOString(),
    };
  }
}

export class ImagePageResponse {
  @ApiProperty({ type: [ImageResponse] }) items: ImageResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class LicenseUsageResponse {
  @ApiProperty() usageType: string;
  @ApiProperty() usageId: string;
  @ApiProperty() role: string;
  @ApiProperty({ description: 'For article uses: whether that article is live now.' }) live: boolean;
  @ApiPropertyOptional({ description: 'Public slug of a live article.' }) slug?: string;
  @ApiPropertyOptional({ description: 'Headline of a live article.' }) headline?: string;
}

export class LicenseReportItemResponse {
  @ApiProperty() imageId: string;
  @ApiProperty() url: string;
  @ApiProperty({ nullable: true, type: String }) altText: string | null;
  @ApiProperty({ nullable: true, type: String }) licensor: string | null;
  @ApiProperty({ nullable: true, type: String }) terms: string | null;
  @ApiProperty() canSyndicate: boolean;
  @ApiProperty() expiresAt: string;
  @ApiProperty({ description: 'True once the expiry time has passed.' }) expired: boolean;
  @ApiProperty({ description: 'Whole days left (negative once expired).' }) daysLeft: number;
  @ApiProperty({ type: [LicenseUsageResponse] }) usages: LicenseUsageResponse[];

  static from(r: LicenseReportItem, live: Map<string, { slug: string; headline: string }> = new Map()): LicenseReportItemResponse {
    return {
      imageId: r.image.id,
      url: r.url,
      altText: r.image.altText,
      licensor: r.image.licenseLicensor,
      terms: r.image.licenseTerms,
      canSyndicate: r.image.licenseCanSyndicate,
      expiresAt: r.image.licenseExpiresAt!.toISOString(),
      expired: r.expired,
      daysLeft: r.daysLeft,
      usages: r.usages.map((u) => {
        const l = u.usageType === 'article' ? live.get(u.usageId) : undefined;
        return { ...u, live: Boolean(l), ...(l ? { slug: l.slug, headline: l.headline } : {}) };
      }),
    };
  }
}

export class LicenseReportResponse {
  @ApiProperty() withinDays: number;
  @ApiProperty() generatedAt: string;
  @ApiProperty({ type: [LicenseReportItemResponse] }) items: LicenseReportItemResponse[];
}
