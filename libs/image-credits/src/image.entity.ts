import { AccountEntity } from '#libs/identity';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

/** A person, agency or provider named in image credits: typed once, reused by many images. */
@Entity({ name: 'credit_parties' })
@Check('ck_credit_parties_kind', `kind IN ('person','agency','provider')`)
@Index('uq_credit_parties_kind_name', ['kind', 'name'], { unique: true })
export class CreditPartyEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  kind: string;

  /** Printed as is in credit lines (trimmed, inner whitespace collapsed). */
  @Column('text')
  name: string;

  @Column('text', { nullable: true })
  url: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

/**
 * An image: an uploaded file (content-addressed, one row per distinct file) or a registered
 * external URL, with its descriptive metadata, structured credit and license.
 */
@Entity({ name: 'images' })
@Check(
  'ck_images_source',
  `(source = 'upload' AND content_hash IS NOT NULL AND storage_key IS NOT NULL AND external_url IS NULL) OR (source = 'url' AND external_url IS NOT NULL AND content_hash IS NULL AND storage_key IS NULL)`,
)
@Check('ck_images_format', `format IS NULL OR format IN ('jpeg','png','webp','gif','avif')`)
@Check('ck_images_focal_point', `(focal_x IS NULL AND focal_y IS NULL) OR (focal_x BETWEEN 0 AND 1 AND focal_y BETWEEN 0 AND 1)`)
@Check('ck_images_credit_form', `credit_form IN ('standard','via')`)
@Check('ck_images_credit_label', `credit_label IN ('image','photo')`)
@Index('uq_images_content_hash', ['contentHash'], { unique: true, where: 'content_hash IS NOT NULL' })
@Index('uq_images_external_url', ['externalUrl'], { unique: true, where: 'external_url IS NOT NULL' })
@Index('idx_images_created_at_id', ['createdAt', 'id'])
@Index('idx_images_license_expires_at', ['licenseExpiresAt'], { where: 'license_expires_at IS NOT NULL' })
@Index('idx_images_credit_photographer_id', ['creditPhotographerId'])
@Index('idx_images_credit_agency_id', ['creditAgencyId'])
@Index('idx_images_credit_provider_id', ['creditProviderId'])
export class ImageEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** `upload` (a stored file) or `url` (registered by address, never fetched). */
  @Column('text')
  source: string;

  /** SHA-256 of the file's bytes (uploads). */
  @Column('text', { nullable: true })
  contentHash: string | null;

  /** `<sha256>.<ext>` in the image storage (uploads). */
  @Column('text', { nullable: true })
  storageKey: string | null;

  /** https address of a registered external image. */
  @Column('text', { nullable: true })
  externalUrl: string | null;

  /** Sniffed from the bytes (uploads); null when registered by URL. */
  @Column('text', { nullable: true })
  format: string | null;

  @Column('int', { nullable: true })
  byteSize: number | null;

  @Column('int', { nullable: true })
  width: number | null;

  @Column('int', { nullable: true })
  height: number | null;

  /** As sent by the uploader; informational only. */
  @Column('text', { nullable: true })
  originalFilename: string | null;

  @Column('text', { nullable: true })
  altText: string | null;

  /** The default caption; a use may override it. */
  @Column('text', { nullable: true })
  caption: string | null;

  @Column('real', { nullable: true })
  focalX: number | null;

  @Column('real', { nullable: true })
  focalY: number | null;

  @Column('uuid', { nullable: true })
  creditPhotographerId: string | null;

  @ManyToOne(() => CreditPartyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'credit_photographer_id' })
  creditPhotographer?: Relation<CreditPartyEntity>;

  @Column('uuid', { nullable: true })
  creditAgencyId: string | null;

  @ManyToOne(() => CreditPartyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'credit_agency_id' })
  creditAgency?: Relation<CreditPartyEntity>;

  @Column('uuid', { nullable: true })
  creditProviderId: string | null;

  @ManyToOne(() => CreditPartyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'credit_provider_id' })
  creditProvider?: Relation<CreditPartyEntity>;

  @Column('text', { nullable: true })
  creditUrl: string | null;

  /** `standard` or `via` (see formatCreditLine). */
  @Column('text', { default: 'standard' })
  creditForm: string;

  /** `image` or `photo`: "Top image credit" vs "Top photo credit". */
  @Column('text', { default: 'image' })
  creditLabel: string;

  @Column('text', { nullable: true })
  licenseLicensor: string | null;

  /** License terms or the licensor's license id. */
  @Column('text', { nullable: true })
  licenseTerms: string | null;

  @Column('boolean', { default: false })
  licenseCanSyndicate: boolean;

  /** False when the licence forbids publishing the image (the publish gate refuses it). */
  @Column('boolean', { default: true })
  licenseMayDistribute: boolean;

  @Column('timestamptz', { nullable: true })
  licenseExpiresAt: Date | null;

  /** Creator/credit/source/copyright read from the file's IPTC/EXIF/XMP on upload. */
  @Column('jsonb', { nullable: true })
  embeddedCredit: Record<string, string> | null;

  @Column('uuid', { nullable: true })
  uploadedBy: string | null;

  @ManyToOne(() => AccountEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'uploaded_by' })
  uploader?: Relation<AccountEntity>;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { default: () => 'now()' })
  updatedAt: Date;
}

/**
 * Where an image is shown: written by the libs that place images (articles, teasers) through
 * `ImageUses.setUses`. No foreign key to those tables: this lib sits below them.
 */
@Entity({ name: 'image_uses' })
@Check('ck_image_uses_usage_type', `usage_type IN ('article','teaser','contributor')`)
@Check('ck_image_uses_role', `role IN ('top','inline','teaser','avatar')`)
@Index('idx_image_uses_image_id', ['imageId'])
@Index('uq_image_uses_usage_type_usage_id_position', ['usageType', 'usageId', 'position'], { unique: true })
@Index('uq_image_uses_usage_type_usage_id_top', ['usageType', 'usageId'], { unique: true, where: `role = 'top'` })
export class ImageUseEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid')
  imageId: string;

  @ManyToOne(() => ImageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'image_id' })
  image?: Relation<ImageEntity>;

  @Column('text')
  usageType: string;

  @Column('uuid')
  usageId: string;

  @Column('text')
  role: string;

  @Column('int')
  position: number;

  @Column('text', { nullable: true })
  captionOverride: string | null;

  /** Replaces the whole formatted credit line for this use. */
  @Column('text', { nullable: true })
  creditOverride: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;
}

export const IMAGE_ENTITIES = [CreditPartyEntity, ImageEntity, ImageUseEntity];
