import { Injectable } from '@nestjs/common';
import { Transactions, pgConstraint, pgErrorCode } from '#libs/database';
import { AuditLog, type ActionContext } from '#libs/identity';
import { clampLimit, Clock, DomainError, newId, webUrl, type ErrorDetail } from '#libs/kernel';
import { ImageChanges } from './image-changes.js';
import { CreditPartyEntity } from './image.entity.js';
import { creditPartyNotFound, ImageErrorCode } from './image.errors.js';
import { cleanText, normalizePartyName, PARTY_KINDS, URL_MAX, type PartyKind } from './image.rules.js';
import { ImagesRepository } from './images.repository.js';

export interface PartyInput {
  kind: PartyKind;
  name: string;
  url?: string | null;
}

const NAME_MAX = 200;

/**
 * Credit parties: the people, agencies and providers credit lines name, each typed once.
 * Renaming one refreshes every page that shows an image it is credited on.
 */
@Injectable()
export class CreditPartiesService {
  constructor(
    private readonly repo: ImagesRepository,
    private readonly tx: Transactions,
    private readonly audit: AuditLog,
    private readonly changes: ImageChanges,
    private readonly clock: Clock,
  ) {}

  async create(ctx: ActionContext, input: PartyInput): Promise<CreditPartyEntity> {
    const party: CreditPartyEntity = {
      id: newId(),
      kind: input.kind,
      name: checkName(input.name),
      url: checkUrl(input.url),
      createdAt: this.clock.now(),
      updatedAt: this.clock.now(),
    };
    if (!(PARTY_KINDS as readonly string[]).includes(party.kind)) throw invalid([{ field: 'kind', message: `one of ${PARTY_KINDS.join(', ')}` }]);
    await this.tx
      .run(async (tx) => {
        await this.repo.insertParty(tx, party);
        await this.audit.record(tx, ctx, {
          action: 'credit_party.create',
          targetType: 'credit_party',
          targetId: party.id,
          summary: { after: { kind: party.kind, name: party.name, url: party.url } },
        });
      })
      .catch(async (e: unknown) => {
        if (pgErrorCode(e) === '23505' && pgConstraint(e) === 'uq_credit_parties_kind_name') throw await this.exists(party.kind, party.name);
        throw e;
      });
    return party;
  }

  /** Renames or relinks a party; every image credited to it emits `image.changed`. */
  async update(ctx: ActionContext, id: string, input: { name?: string; url?: string | null }): Promise<CreditPartyEntity> {
    const name = input.name === undefined ? undefined : checkName(input.name);
    const url = input.url === undefined ? undefined : checkUrl(input.url);
    try {
      await this.tx.run(async (tx) => {
        const party = await this.repo.findPartyById(id, tx, true);
        if (!party) throw creditPartyNotFound();
        const patch: Partial<CreditPartyEntity> = {};
        if (name !== undefined && name !== party.name) patch.name = name;
        if (url !== undefined && url !== party.url) patch.url = url;
        if (!Object.keys(patch).length) return;
        await this.repo.updateParty(tx, id, { ...patch, updatedAt: this.clock.now() });
        await this.audit.record(tx, ctx, {
          action: 'credit_party.update',
          targetType: 'credit_party',
          targetId: id,
          summary: { before: { name: party.name, url: party.url }, after: patch },
        });
        await this.changes.emit(tx, await this.repo.imagesCreditingParty(tx, id), ['credit_party']);
      });
    } catch (e) {
      if (pgErrorCode(e) === '23505' && pgConstraint(e) === 'uq_credit_parties_kind_name') {
        const party = await this.repo.findPartyById(id);
        throw await this.exists(party!.kind, name!);
      }
      throw e;
    }
    return (await this.repo.findPartyById(id))!;
  }

  /** Deletes a party no image credits (409 CREDIT_PARTY_IN_USE otherwise). */
  async remove(ctx: ActionContext, id: string): Promise<void> {
    await this.tx.run(async (tx) => {
      const party = await this.repo.findPartyById(id, tx, true);
      if (!party) throw creditPartyNotFound();
      const images = await this.repo.imagesCreditingParty(tx, id);
      if (images.length) {
        throw new DomainError('conflict', ImageErrorCode.CreditPartyInUse, `${images.length} image(s) credit this party.`, [], { imageIds: images.slice(0, 100) });
      }
      await this.repo.deleteParty(tx, id);
      await this.audit.record(tx, ctx, {
        action: 'credit_party.delete',
        targetType: 'credit_party',
        targetId: id,
        summary: { before: { kind: party.kind, name: party.name, url: party.url } },
      });
    });
  }

  async get(id: string): Promise<CreditPartyEntity> {
    const party = await this.repo.findPartyById(id);
    if (!party) throw creditPartyNotFound();
    return party;
  }

  list(q: { kind?: PartyKind; search?: string; limit?: number }): Promise<CreditPartyEntity[]> {
    return this.repo.listParties({ kind: q.kind, search: cleanText(q.search) ?? undefined, limit: clampLimit(q.limit, 100) });
  }

  private async exists(kind: string, name: string): Promise<DomainError> {
    const existing = await this.repo.findPartyByName(kind, name);
    return new DomainError('conflict', ImageErrorCode.CreditPartyExists, `A ${kind} named "${name}" already exists.`, [], { existingId: existing?.id ?? null });
  }
}

const invalid = (details: ErrorDetail[]) => new DomainError('validation', ImageErrorCode.InvalidField, 'The credit party is not valid.', details);

function checkName(raw: string): string {
  const name = normalizePartyName(raw);
  if (!name) throw invalid([{ field: 'name', message: 'must contain text' }]);
  if (name.length > NAME_MAX) throw invalid([{ field: 'name', message: `at most ${NAME_MAX} characters` }]);
  return name;
}

function checkUrl(raw: string | null | undefined): string | null {
  const url = raw?.trim();
  if (!url) return null;
  const checked = webUrl(url, { max: URL_MAX });
  if ('problem' in checked) throw invalid([{ field: 'url', code: checked.code, message: checked.message }]);
  return checked.url;
}
