import type { Database, ShareLinkTable } from '@anzheng/db';
import type { Kysely, Selectable } from 'kysely';

export type ShareLinkRow = Selectable<ShareLinkTable> & { certificate_number: string };

/** The account linked to the person record (holder), if any. */
export async function findPersonUserId(db: Kysely<Database>, personId: number): Promise<number | null> {
  const row = await db.selectFrom('person').select('user_id').where('id', '=', personId).executeTakeFirst();
  return row?.user_id ?? null;
}

/** An image document's blob (the holder photo); undefined for anything else. */
export async function findImageDocument(db: Kysely<Database>, documentId: number) {
  return db
    .selectFrom('document')
    .select(['sha256', 'media_type'])
    .where('id', '=', documentId)
    .where('media_type', 'in', ['image/jpeg', 'image/png'])
    .executeTakeFirst();
}

export async function findStatusList(db: Kysely<Database>, id: number) {
  return db.selectFrom('status_list').select(['id', 'length']).where('id', '=', id).executeTakeFirst();
}

/** Slots in a status list held by certificates in one of `statuses`. */
export async function listStatusIndexes(
  db: Kysely<Database>,
  statusListId: number,
  statuses: readonly string[],
): Promise<number[]> {
  const rows = await db
    .selectFrom('certificate')
    .select('status_list_index')
    .where('status_list_id', '=', statusListId)
    .where('status', 'in', [...statuses])
    .execute();
  return rows.map((r) => r.status_list_index);
}

export async function getCertificateNumber(db: Kysely<Database>, certificateId: number): Promise<string> {
  const row = await db
    .selectFrom('certificate')
    .select('number')
    .where('id', '=', certificateId)
    .executeTakeFirstOrThrow();
  return row.number;
}

function shareLinks(db: Kysely<Database>) {
  return db
    .selectFrom('share_link')
    .innerJoin('certificate', 'certificate.id', 'share_link.certificate_id')
    .selectAll('share_link')
    .select('certificate.number as certificate_number');
}

export async function insertShareLink(
  db: Kysely<Database>,
  values: {
    public_id: string;
    token_hash: Uint8Array;
    certificate_id: number;
    purpose: string;
    expires_at: Date;
    created_by: number;
  },
): Promise<ShareLinkRow> {
  const { id } = await db.insertInto('share_link').values(values).returning('id').executeTakeFirstOrThrow();
  return shareLinks(db).where('share_link.id', '=', id).executeTakeFirstOrThrow();
}

/** Newest first (a holder has a handful per certificate; served by share_link_certificate_idx). */
export async function listShareLinks(db: Kysely<Database>, certificateId: number): Promise<ShareLinkRow[]> {
  return shareLinks(db)
    .where('share_link.certificate_id', '=', certificateId)
    .orderBy('share_link.id', 'desc')
    .execute();
}

export async function findShareLinkByPublicId(db: Kysely<Database>, publicId: string) {
  return shareLinks(db)
    .innerJoin('person', 'person.id', 'certificate.person_id')
    .select('person.user_id as holder_user_id')
    .where('share_link.public_id', '=', publicId)
    .executeTakeFirst();
}

export async function withdrawShareLink(db: Kysely<Database>, id: number, at: Date): Promise<void> {
  await db
    .updateTable('share_link')
    .set({ withdrawn_at: at })
    .where('id', '=', id)
    .where('withdrawn_at', 'is', null)
    .execute();
}

/** Counts one use of a live link, atomically; undefined when unknown, expired or withdrawn. */
export async function useShareLink(db: Kysely<Database>, tokenHash: Uint8Array, at: Date) {
  return db
    .updateTable('share_link')
    .set((eb) => ({ use_count: eb('use_count', '+', 1), last_used_at: at }))
    .where('token_hash', '=', tokenHash)
    .where('withdrawn_at', 'is', null)
    .where('expires_at', '>', at)
    .returning(['id', 'certificate_id', 'purpose', 'expires_at'])
    .executeTakeFirst();
}
