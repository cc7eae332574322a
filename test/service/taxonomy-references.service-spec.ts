import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transactions } from '#libs/database';
import type { ActionContext } from '#libs/identity';
import { DomainError } from '#libs/kernel';
import { TaxonomyService } from '#libs/taxonomy';
import { actionContext, createServiceContext, type ServiceContext } from '../support/service-harness.js';

const NIL = '7d1f5f8e-8d53-4a53-9df1-8ab0d5d4a0aa';

/** The DomainError a promise rejects with (fails when it resolves). */
const refusal = async (p: Promise<unknown>): Promise<DomainError> => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(e)}`);
  return e;
};

// RULE (taxonomy references other libs resolve): inside the caller's transaction, in the order
// given, each once; an unknown, malformed or missing id is a 400 naming the field and the id.
describe('taxonomy references for other libs', () => {
  let t: ServiceContext;
  let svc: TaxonomyService;
  let tx: Transactions;
  let editor: ActionContext;
  beforeAll(async () => {
    t = await createServiceContext();
    svc = t.get(TaxonomyService);
    tx = t.get(Transactions);
    editor = await actionContext(t, 'editor');
  });
  afterAll(async () => t?.close());

  it('require* resolve inside a transaction, keep order, and name unknown ids', async () => {
    const section = await svc.createSection(editor, { name: 'Balkans' });
    const type = await svc.createType(editor, { name: 'Explainer' });
    const a = await svc.createTag(editor, { name: 'Aleksandar Vučić', kind: 'person' });
    const b = await svc.createTag(editor, { name: 'Belgrade', kind: 'place' });

    await tx.run(async (m) => {
      expect(await svc.requireSection(m, section.id)).toEqual({ id: section.id, slug: 'balkans', name: 'Balkans' });
      expect(await svc.requireType(m, type.id.toUpperCase())).toEqual({ id: type.id, slug: 'explainer', name: 'Explainer' });
      expect(await svc.requireTags(m, [b.id, a.id, b.id])).toEqual([
        { id: b.id, slug: 'belgrade', name: 'Belgrade', kind: 'place' },
        { id: a.id, slug: 'aleksandar-vucic', name: 'Aleksandar Vučić', kind: 'person' },
      ]);
      expect(await svc.requireTags(m, [])).toEqual([]);
    });

    for (const id of [NIL, 'not-a-uuid', null]) {
      const e = await refusal(tx.run((m) => svc.requireSection(m, id)));
      expect([e.kind, e.code, e.details[0]]).toEqual(['validation', 'SECTION_NOT_FOUND', expect.objectContaining({ field: 'sectionId', id })]);
    }
    for (const id of [NIL, null]) {
      const e = await refusal(tx.run((m) => svc.requireType(m, id)));
      expect([e.kind, e.code, e.details[0]]).toEqual(['validation', 'ARTICLE_TYPE_NOT_FOUND', expect.objectContaining({ field: 'typeId', id })]);
    }
    const noTags = await refusal(tx.run((m) => svc.requireTags(m, [a.id, NIL, 'junk'])));
    expect([noTags.code, noTags.details.map((d) => [d.field, d.id])]).toEqual([
      'TAG_NOT_FOUND',
      [
        ['tagIds', NIL],
        ['tagIds', 'junk'],
      ],
    ]);
  });
});
