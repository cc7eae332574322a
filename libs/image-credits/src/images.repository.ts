import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { insertMany, queryRows } from '#libs/database';
import { CreditPartyEntity, ImageEntity, ImageUseEntity } from './image.entity.js';

export interface UsageRef {
  usageType: string;
  usageId: string;
}

export interface UseRow extends UsageRef {
  imageId: string;
  role: string;
  position: number;
  captionOverride: string | null;
  creditOverride: string | null;
}

/** All image-credits SQL lives here. */
@Injectable()
export class ImagesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  get manager(): EntityManager {
    return this.db.manager;
  }

  /** Inserts an uploaded image unless one with the same content hash exists; true if inserted. */
  async insertUploadIfNew(tx: EntityManager, image: ImageEntity): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `INSERT INTO images (id, source, content_hash, storage_key, format, byte_size, width, height, original_filename,
                           alt_text, caption, embedded_credit, uploaded_by, created_at, updated_at)
       VALUES ($1, 'upload', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
       ON CONFLICT (content_hash) WHERE content_hash IS NOT NULL DO NOTHING
       RETURNING id`,
      [
        image.id,
        image.contentHash,
        image.storageKey,
        image.format,
        image.byteSize,
        image.width,
        image.height,
        image.originalFilename,
        image.altText,
        image.caption,
        image.embeddedCredit ? JSON.stringify(image.embeddedCredit) : null,
        image.uploadedBy,
        image.createdAt,
      ],
    );
    return rows.length === 1;
  }

  /** Inserts an image registered by URL unless that URL is registered; true if inserted. */
  async insertUrlIfNew(tx: EntityManager, image: ImageEntity): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `INSERT INTO images (id, source, external_url, width, height, alt_text, caption, uploaded_by, created_at, updated_at)
       VALUES ($1, 'url', $2, $3, $4, $5, $6, $7, $8, $8)
       ON CONFLICT (external_url) WHERE external_url IS NOT NULL DO NOTHING
       RETURNING id`,
      [image.id, image.externalUrl, image.width, image.height, image.altText, image.caption, image.uploadedBy, image.createdAt],
    );
    return rows.length === 1;
  }

  findById(id: string, m: EntityManager = this.db.manager, lock: boolean | 'share' = false): Promise<ImageEntity | null> {
    const mode = lock === 'share' ? ('pessimistic_read' as const) : lock ? ('pessimistic_write' as const) : null;
    return m.findOne(ImageEntity, { where: { id }, ...(mode ? { lock: { mode } } : {}) });
  }

  findByIds(ids: string[], m: EntityManager = this.db.manager): Promise<ImageEntity[]> {
    return ids.length ? m.find(ImageEntity, { where: { id: In(ids) } }) : Promise.resolve([]);
  }

  /** Images with any of these content hashes or external URLs. */
  async findByHashesOrUrls(m: EntityManager, hashes: string[], urls: string[]): Promise<ImageEntity[]> {
    if (!hashes.length && !urls.length) return [];
    return m.createQueryBuilder(ImageEntity, 'i').where('i.contentHash = ANY(:hashes) OR i.externalUrl = ANY(:urls)', { hashes, urls }).getMany();
  }

  /** New images (their columns as given): one statement. */
  async insertMany(tx: EntityManager, images: ImageEntity[]): Promise<void> {
    await insertMany(tx, ImageEntity, images);
  }

  /**
   * Credit parties by kind and name, those missing created (concurrent creators settle on
   * the unique (kind, name)): `kind\u0000name` -> id.
   */
  async partiesByName(tx: EntityManager, wanted: { kind: string; name: string }[], newId: () => string): Promise<Map<string, string>> {
    if (!wanted.length) return new Map();
    const kinds = wanted.map((w) => w.kind);
    const names = wanted.map((w) => w.name);
    await queryRows(
      tx,
      `INSERT INTO credit_parties (id, kind, name, url) SELECT q.id, q.kind, q.name, NULL FROM unnest($1::uuid[], $2::text[], $3::text[]) AS q(id, kind, name)
        WHERE NOT EXISTS (SELECT 1 FROM credit_parties c WHERE c.kind = q.kind AND c.name = q.name)
       ON CONFLICT (kind, name) DO NOTHING`,
      [wanted.map(() => newId()), kinds, names],
    );
    const rows = await queryRows<{ id: string; kind: string; name: string }>(
      tx,
      `SELECT c.id, c.kind, c.name FROM credit_parties c JOIN unnest($1::text[], $2::text[]) AS q(kind, name) ON c.kind = q.kind AND c.name = q.name`,
      [kinds, names],
    );
    return new Map(rows.map((r) => [`${r.kind}\u0000${r.name}`, r.id]));
  }

  findByHash(hash: string, m: EntityManager = this.db.manager): Promise<ImageEntity | null> {
    return m.findOne(ImageEntity, { where: { contentHash: hash } });
  }

  /** Uploads by storage key (content_hash is unique and indexed). */
  findByStorageKeys(keys: string[], m: EntityManager = this.db.manager): Promise<ImageEntity[]> {
    return keys.length ? m.find(ImageEntity, { where: { contentHash: In(keys.map((k) => k.slice(0, 64))), storageKey: In(keys) } }) : Promise.resolve([]);
  }

  /** What renditions need of the upload stored under `key` (content_hash is unique and indexed). */
  async findUploadByStorageKey(
    key: string,
  ): Promise<{ storageKey: string; format: string | null; width: number | null; height: number | null; focalPoint: { x: number; y: number } | null } | null> {
    const [row] = await queryRows<{ storage_key: string; format: string | null; width: number | null; height: number | null; focal_x: number | null; focal_y: number | null }>(
      this.db,
      `SELECT storage_key, format, width, height, focal_x, focal_y FROM images WHERE content_hash = $1 AND storage_key = $2`,
      [key.slice(0, 64), key],
    );
    if (!row) return null;
    return {
      storageKey: row.storage_key,
      format: row.format,
      width: row.width,
      height: row.height,
      focalPoint: row.focal_x !== null && row.focal_y !== null ? { x: row.focal_x, y: row.focal_y } : null,
    };
  }

  findByExternalUrl(url: string, m: EntityManager = this.db.manager): Promise<ImageEntity | null> {
    return m.findOne(ImageEntity, { where: { externalUrl: url } });
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  /** Newest first; `search` matches alt text, caption, file name, licensor or a credited party's name. */
  async listPage(limit: number, after: { at: Date; id: string } | null, m: EntityManager = this.db.manager, search?: string): Promise<ImageEntity[]> {
    const qb = m.createQueryBuilder(ImageEntity, 'i').orderBy('i.createdAt', 'DESC').addOrderBy('i.id', 'DESC').limit(limit);
    if (after) qb.andWhere('(i.createdAt, i.id) < (:at, :id)', { at: after.at, id: after.id });
    if (search) {
      const like = `%${search.replace(/[\\%_]/g, '\\$&')}%`;
      qb.andWhere(
        `(i.alt_text ILIKE :like ESCAPE '\\' OR i.caption ILIKE :like ESCAPE '\\' OR i.original_filename ILIKE :like ESCAPE '\\' OR i.license_licensor ILIKE :like ESCAPE '\\'
          OR EXISTS (SELECT 1 FROM credit_parties p WHERE p.id IN (i.credit_photographer_id, i.credit_agency_id, i.credit_provider_id) AND p.name ILIKE :like ESCAPE '\\'))`,
        { like },
      );
    }
    return qb.getMany();
  }

  async updateImage(tx: EntityManager, id: string, patch: Partial<ImageEntity>): Promise<void> {
    await tx.update(ImageEntity, { id }, patch);
  }

  async deleteImage(tx: EntityManager, id: string): Promise<void> {
    await tx.delete(ImageEntity, { id });
  }

  async uploadHashExists(hash: string): Promise<boolean> {
    const rows = await queryRows(this.db, `SELECT 1 FROM images WHERE content_hash = $1`, [hash]);
    return rows.length > 0;
  }

  // ---- credit parties

  findPartiesByIds(ids: string[], m: EntityManager = this.db.manager): Promise<CreditPartyEntity[]> {
    return ids.length ? m.find(CreditPartyEntity, { where: { id: In(ids) } }) : Promise.resolve([]);
  }

  findPartyById(id: string, m: EntityManager = this.db.manager, forUpdate = false): Promise<CreditPartyEntity | null> {
    return m.findOne(CreditPartyEntity, { where: { id }, ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  findPartyByName(kind: string, name: string, m: EntityManager = this.db.manager): Promise<CreditPartyEntity | null> {
    return m.findOne(CreditPartyEntity, { where: { kind, name } });
  }

  async insertParty(tx: EntityManager, party: CreditPartyEntity): Promise<void> {
    await tx.insert(CreditPartyEntity, party);
  }

  async updateParty(tx: EntityManager, id: string, patch: Partial<CreditPartyEntity>): Promise<void> {
    await tx.update(CreditPartyEntity, { id }, patch);
  }

  async deleteParty(tx: EntityManager, id: string): Promise<void> {
    await tx.delete(CreditPartyEntity, { id });
  }

  /** Parties by name (case-insensitive prefix or word match), for pickers. */
  listParties(q: { kind?: string; search?: string; limit: number }, m: EntityManager = this.db.manager): Promise<CreditPartyEntity[]> {
    const qb = m.createQueryBuilder(CreditPartyEntity, 'p').orderBy('lower(p.name)', 'ASC').addOrderBy('p.id', 'ASC').limit(q.limit);
    if (q.kind) qb.andWhere('p.kind = :kind', { kind: q.kind });
    if (q.search) qb.andWhere(`p.name ILIKE :like ESCAPE '\\'`, { like: `%${q.search.replace(/[\\%_]/g, '\\$&')}%` });
    return qb.getMany();
  }

  /** Ids of the images whose credit names this party, locked for the change that follows. */
  async imagesCreditingParty(tx: EntityManager, partyId: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(
      tx,
      `SELECT id FROM images WHERE credit_photographer_id = $1 OR credit_agency_id = $1 OR credit_provider_id = $1 ORDER BY id FOR UPDATE`,
      [partyId],
    );
    return rows.map((r) => r.id);
  }

  // ---- uses

  async usesOfImages(imageIds: string[], m: EntityManager = this.db.manager): Promise<UseRow[]> {
    if (!imageIds.length) return [];
    return queryRows<UseRow>(
      m,
      `SELECT image_id AS "imageId", usage_type AS "usageType", usage_id AS "usageId", role, position,
              caption_override AS "captionOverride", credit_override AS "creditOverride"
         FROM image_uses WHERE image_id = ANY($1::uuid[])
        ORDER BY usage_type, usage_id, position`,
      [imageIds],
    );
  }

  async usesOfUsage(ref: UsageRef, m: EntityManager = this.db.manager): Promise<UseRow[]> {
    return queryRows<UseRow>(
      m,
      `SELECT image_id AS "imageId", usage_type AS "usageType", usage_id AS "usageId", role, position,
              caption_override AS "captionOverride", credit_override AS "creditOverride"
         FROM image_uses WHERE usage_type = $1 AND usage_id = $2
        ORDER BY position`,
      [ref.usageType, ref.usageId],
    );
  }

  /** Replaces every use of one usage (article, teaser) with `uses`, in order. */
  async replaceUses(tx: EntityManager, ref: UsageRef, uses: ImageUseEntity[]): Promise<void> {
    await queryRows(tx, `DELETE FROM image_uses WHERE usage_type = $1 AND usage_id = $2`, [ref.usageType, ref.usageId]);
    if (uses.length) await tx.insert(ImageUseEntity, uses);
  }

  /** `replaceUses` for many usages: one DELETE, one INSERT. */
  async replaceUsesMany(tx: EntityManager, refs: UsageRef[], uses: ImageUseEntity[]): Promise<void> {
    await queryRows(tx, `DELETE FROM image_uses u USING unnest($1::text[], $2::uuid[]) AS r(t, id) WHERE u.usage_type = r.t AND u.usage_id = r.id`, [
      refs.map((r) => r.usageType),
      refs.map((r) => r.usageId),
    ]);
    await insertMany(tx, ImageUseEntity, uses);
  }

  /** Images whose license expired or expires by `until`, soonest first. */
  expiringLicenses(until: Date, m: EntityManager = this.db.manager): Promise<ImageEntity[]> {
    return m
      .createQueryBuilder(ImageEntity, 'i')
      .where('i.licenseExpiresAt IS NOT NULL AND i.licenseExpiresAt <= :until', { until })
      .orderBy('i.licenseExpiresAt', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .getMany();
  }
}
