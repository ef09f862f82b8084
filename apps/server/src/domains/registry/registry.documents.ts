import type { Database } from '@anzheng/db';
import type { Kysely } from 'kysely';
import type { AuditService } from '../audit/audit.service.ts';
import type { Actor } from '../identity/actor.ts';
import { type BlobStore, declaredMediaType, sniffMediaType } from './registry.blobs.ts';
import {
  DocumentNotFoundError,
  DocumentOwnerNotFoundError,
  PersonNotFoundError,
  UnsupportedDocumentTypeError,
} from './registry.errors.ts';
import { isPublicId, uuidv7 } from './registry.records.ts';
import * as repo from './registry.repository.ts';
import type { RegistryService } from './registry.service.ts';
import { documentView } from './registry.views.ts';

export type DocumentOwnerType = 'person' | 'application';

/**
 * How documents of one owner type are authorized: the same scope rules as the owner
 * record. The registry knows persons; the application domain registers 'application'.
 */
export interface DocumentOwnerAccess {
  /** The owner's internal id when `actor` may attach documents to it; throws its own 404/403. */
  resolveForUpload(actor: Actor, ownerPublicId: string): Promise<number>;
  /** The owner's public id when `actor` may read it; undefined (→ 404) otherwise. */
  resolveForRead(actor: Actor, ownerId: number): Promise<string | undefined>;
}

export interface UploadInput {
  ownerType: DocumentOwnerType;
  ownerId: string;
  originalName: string;
  /** Content-Type the client declared for the file part. */
  declaredType: string | undefined;
  bytes: Buffer;
}

export type DocumentService = ReturnType<typeof createDocumentService>;

export function createDocumentService(deps: {
  db: Kysely<Database>;
  audit: AuditService;
  blobs: BlobStore;
  registry: RegistryService;
}) {
  const { db, audit, blobs, registry } = deps;
  const owners = new Map<DocumentOwnerType, DocumentOwnerAccess>();

  owners.set('person', {
    async resolveForUpload(actor, ownerPublicId) {
      return (await registry.getPersonForActor(actor, ownerPublicId, 'add_records')).id;
    },
    async resolveForRead(actor, ownerId) {
      return (await registry.canActOnPerson(actor, ownerId, 'read'))?.public_id;
    },
  });

  function ownerAccess(type: DocumentOwnerType): DocumentOwnerAccess {
    const access = owners.get(type);
    if (!access) throw new DocumentOwnerNotFoundError();
    return access;
  }

  async function documentInScope(actor: Actor, publicId: string) {
    if (!isPublicId(publicId)) throw new DocumentNotFoundError();
    const row = await repo.findDocumentByPublicId(db, publicId);
    if (!row) throw new DocumentNotFoundError();
    const access = owners.get(row.owner_type as DocumentOwnerType);
    const ownerPublicId = access ? await access.resolveForRead(actor, row.owner_id) : undefined;
    // Outside the owner's scope the document does not exist for the caller.
    if (!ownerPublicId) throw new DocumentNotFoundError();
    return { row, ownerPublicId };
  }

  return {
    /** Lets another domain (applications) own documents under its own scope rules. */
    registerOwnerType(type: DocumentOwnerType, access: DocumentOwnerAccess) {
      owners.set(type, access);
    },

    /**
     * Stores an uploaded file: the type is sniffed from the bytes and must match the declared
     * one (415 otherwise); the blob is content-addressed, so the same bytes are stored once.
     */
    async upload(actor: Actor, input: UploadInput) {
      const access = ownerAccess(input.ownerType);
      if (input.ownerType === 'person' && !isPublicId(input.ownerId)) throw new PersonNotFoundError();
      const ownerId = await access.resolveForUpload(actor, input.ownerId);
      const sniffed = sniffMediaType(input.bytes);
      const declared = declaredMediaType(input.declaredType);
      if (!sniffed || sniffed !== declared) throw new UnsupportedDocumentTypeError();
      // The blob goes first: a failed insert leaves an unreferenced blob (harmless, content-addressed),
      // never a row without its bytes.
      const { sha256 } = await blobs.put(input.bytes);
      const row = await db.transaction().execute(async (trx) => {
        const r = await repo.insertDocument(trx, {
          public_id: uuidv7(),
          sha256,
          media_type: sniffed,
          size_bytes: input.bytes.length,
          original_name: input.originalName.slice(0, 255),
          owner_type: input.ownerType,
          owner_id: ownerId,
          uploaded_by: actor.kind === 'user' ? actor.id : null,
        });
        await audit.record(trx, actor, {
          action: 'document.upload',
          targetType: 'document',
          targetId: r.id,
          details: {
            ownerType: input.ownerType,
            ownerId,
            sha256,
            mediaType: sniffed,
            sizeBytes: r.size_bytes,
          },
        });
        return r;
      });
      return documentView(row, input.ownerId);
    },

    async getDocument(actor: Actor, publicId: string) {
      const { row, ownerPublicId } = await documentInScope(actor, publicId);
      return documentView(row, ownerPublicId);
    },

    /** The bytes, after the same check as the metadata; each download is audited. */
    async readContent(actor: Actor, publicId: string) {
      const { row } = await documentInScope(actor, publicId);
      const bytes = await blobs.get(row.sha256);
      await audit.recordAlone(actor, {
        action: 'document.download',
        targetType: 'document',
        targetId: row.id,
        details: { ownerType: row.owner_type, ownerId: row.owner_id },
      });
      return { bytes, mediaType: row.media_type, originalName: row.original_name };
    },
  };
}
