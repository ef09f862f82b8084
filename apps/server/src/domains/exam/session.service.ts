import { randomBytes, randomUUID } from 'node:crypto';
import type {
  BlueprintSection,
  CheckInBody,
  RegistrationView,
  ScheduleResult,
  SessionCreate,
  SessionListQuery,
  SessionView,
} from '@anzheng/contracts';
import type { FieldCipher } from '@anzheng/crypto';
import type { Database } from '@anzheng/db';
import { isWithin, maskName } from '@anzheng/identifiers';
import type { Kysely } from 'kysely';
import type { AuditService } from '../audit/audit.service.ts';
import { type Actor, divisionScopes, ForbiddenError } from '../identity/actor.ts';
import { checkIdNumber, InvalidCursorError, idNumberIndex } from '../registry/index.ts';
import { assemblePaper } from './assembly.ts';
import * as bankRepo from './bank.repository.ts';
import * as blueprintRepo from './blueprint.repository.ts';
import { loadBank } from './blueprint.service.ts';
import {
  AlreadyCheckedInError,
  BlueprintNotActiveError,
  BlueprintNotFoundError,
  CheckInMismatchError,
  InvalidSessionDivisionError,
  RegistrationCancelledError,
  RegistrationNotFoundError,
  SessionClosedError,
  SessionFullError,
  SessionNotFoundError,
  SessionStartInPastError,
} from './exam.errors.ts';
import {
  canCheckIn,
  canCreateSessions,
  canManageSession,
  canReadRegistration,
  REGULATORS,
} from './exam.policy.ts';
import * as repo from './session.repository.ts';
import { renderTicketPdf } from './ticket.pdf.ts';

export interface SessionServiceDeps {
  db: Kysely<Database>;
  audit: AuditService;
  cipher: FieldCipher;
  clock: () => Date;
  /** `https://…` base of public links (ANZHENG_PUBLIC_URL). */
  publicUrl: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_DEFAULT = 50;

/**
 * 准考证号: YY (year of the session, Beijing) + province (2) + session id (6) + seat (4), all
 * digits — unique because the session id is; readable by an invigilator.
 */
export function ticketNumber(
  startsAt: Date,
  provinceCode: string,
  sessionId: number,
  seatNo: number,
): string {
  const yy = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: '2-digit' }).format(startsAt);
  return `${yy}${provinceCode}${String(sessionId).padStart(6, '0')}${String(seatNo).padStart(4, '0')}`;
}

/**
 * Staggered start: seats are spread evenly over the start window, seat 1 at the start and the
 * last seat of a full session at its end (REQ-EXAM-2; eases entry and network load).
 */
export function startOffsetSeconds(seatNo: number, capacity: number, windowSeconds: number): number {
  if (windowSeconds === 0 || capacity <= 1) return 0;
  return Math.floor(((seatNo - 1) * windowSeconds) / (capacity - 1));
}

function registrationView(r: NonNullable<repo.RegistrationDetailRow>): RegistrationView {
  return {
    id: r.public_id,
    sessionId: r.session_public_id,
    applicationId: r.application_public_id,
    personId: r.person_public_id,
    candidateName: maskName(r.person_name),
    idNumberMasked: r.id_number_masked,
    seatNo: r.seat_no,
    ticketNo: r.ticket_no,
    state: r.state as RegistrationView['state'],
    startOffsetSeconds: r.start_offset_seconds,
    startAt: new Date(r.starts_at.getTime() + r.start_offset_seconds * 1000).toISOString(),
    checkedInAt: r.checked_in_at?.toISOString() ?? null,
    checkInMethod: r.check_in_method,
    paperId: r.paper_public_id ?? null,
  };
}

export type SessionService = ReturnType<typeof createSessionService>;

/**
 * 考试场次 (REQ-EXAM-2): sessions in a division, scheduling of approved applications with
 * seats, ticket numbers and staggered starts, one paper per registration assembled at
 * scheduling (reproducible from its stored seed), admission-ticket PDFs and check-in by
 * ticket number + identity number (blind index; the number itself is never stored here).
 */
export function createSessionService(deps: SessionServiceDeps) {
  const { db, audit, cipher, clock } = deps;

  /** `executor`: the open transaction when there is one (PGlite has a single connection). */
  async function sessionView(row: repo.SessionRow, registered?: number, executor = db): Promise<SessionView> {
    const bp = await repo.findBlueprintBrief(executor, row.blueprint_id);
    const division = await repo.findDivision(executor, row.division_code);
    const count = registered ?? (await repo.countLive(executor, [row.id])).get(row.id) ?? 0;
    return {
      id: row.public_id,
      name: row.name,
      divisionCode: row.division_code,
      divisionName: division?.full_name ?? row.division_code,
      place: row.place,
      capacity: row.capacity,
      registered: count,
      startsAt: row.starts_at.toISOString(),
      startWindowSeconds: row.start_window_seconds,
      durationMinutes: row.duration_minutes,
      blueprint: {
        id: bp.public_id,
        name: bp.name,
        certificateTypeCode: bp.certificate_type_code,
        level: bp.level,
      },
      state: row.state as SessionView['state'],
      createdAt: row.created_at.toISOString(),
    };
  }

  /** The session if the caller manages it; 404 otherwise. */
  async function sessionInScope(actor: Actor, publicId: string, forUpdate = false, executor = db) {
    if (!UUID.test(publicId)) throw new SessionNotFoundError();
    const row = await repo.findSessionByPublicId(executor, publicId, forUpdate);
    if (!row || !canManageSession(actor, row.division_code)) throw new SessionNotFoundError();
    return row;
  }

  async function registrationInScope(actor: Actor, publicId: string) {
    if (!UUID.test(publicId)) throw new RegistrationNotFoundError();
    const r = await repo.findRegistrationDetail(db, { publicId });
    if (
      !r ||
      !canReadRegistration(actor, { divisionCode: r.division_code, personUserId: r.person_user_id })
    ) {
      throw new RegistrationNotFoundError();
    }
    return r;
  }

  return {
    async create(actor: Actor, body: SessionCreate): Promise<SessionView> {
      if (!canCreateSessions(actor)) throw new ForbiddenError('只有监管部门可以安排考试场次');
      const division = await repo.findDivision(db, body.divisionCode);
      if (!division || division.abolished_on) throw new InvalidSessionDivisionError(body.divisionCode);
      if (!canManageSession(actor, body.divisionCode)) {
        throw new ForbiddenError(`divisionCode：${division.full_name}不在您的管辖范围内`);
      }
      const startsAt = new Date(body.startsAt);
      if (startsAt.getTime() <= clock().getTime()) throw new SessionStartInPastError();
      if (!UUID.test(body.blueprintId)) throw new BlueprintNotFoundError();
      const bp = await blueprintRepo.findByPublicId(db, body.blueprintId);
      if (!bp) throw new BlueprintNotFoundError();
      if (bp.state !== 'active') throw new BlueprintNotActiveError();
      return db.transaction().execute(async (trx) => {
        const at = clock();
        const row = await repo.insertSession(trx, {
          public_id: randomUUID(),
          name: body.name.trim(),
          division_code: body.divisionCode,
          province_code: division.province_code,
          place: body.place.trim(),
          capacity: body.capacity,
          starts_at: startsAt,
          start_window_seconds: body.startWindowSeconds ?? 0,
          duration_minutes: body.durationMinutes ?? bp.duration_minutes,
          blueprint_id: bp.id,
          state: 'scheduled',
          created_by: actor.id,
          created_at: at,
          updated_at: at,
        });
        await audit.record(trx, actor, {
          action: 'exam-session.create',
          targetType: 'exam_session',
          targetId: row.public_id,
          details: {
            divisionCode: row.division_code,
            capacity: row.capacity,
            startsAt: startsAt.toISOString(),
          },
        });
        return sessionView(row, 0, trx);
      });
    },

    async list(actor: Actor, query: SessionListQuery) {
      const scopes = divisionScopes(actor, REGULATORS);
      if (scopes.length === 0) throw new ForbiddenError('只有监管部门可以查看考试场次');
      const limit = query.limit ?? PAGE_DEFAULT;
      let afterId: number | undefined;
      if (query.cursor) {
        const text = Buffer.from(query.cursor, 'base64url').toString();
        if (!/^[1-9][0-9]{0,15}$/.test(text)) throw new InvalidCursorError();
        afterId = Number(text);
      }
      const rows = await repo.listSessions(db, {
        scopes,
        divisionCode: query.divisionCode,
        state: query.state,
        afterId,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const counts = await repo.countLive(
        db,
        page.map((r) => r.id),
      );
      return {
        items: await Promise.all(page.map((r) => sessionView(r, counts.get(r.id) ?? 0))),
        nextCursor: rows.length > limit ? Buffer.from(String(page.at(-1)!.id)).toString('base64url') : null,
      };
    },

    async get(actor: Actor, publicId: string): Promise<SessionView> {
      return sessionView(await sessionInScope(actor, publicId));
    },

    /** open (check-in and delivery may start) / close (the unchecked become absent). */
    async setState(actor: Actor, publicId: string, action: 'open' | 'close'): Promise<SessionView> {
      return db.transaction().execute(async (trx) => {
        const row = await sessionInScope(actor, publicId, true, trx);
        if (row.state === 'closed') throw new SessionClosedError();
        const at = clock();
        const updated = await repo.updateSession(trx, row.id, {
          state: action === 'open' ? 'open' : 'closed',
          updated_at: at,
        });
        if (action === 'close') await repo.markAbsent(trx, row.id, at);
        await audit.record(trx, actor, {
          action: `exam-session.${action}`,
          targetType: 'exam_session',
          targetId: row.public_id,
        });
        return sessionView(updated, undefined, trx);
      });
    },

    /**
     * Schedules approved applications into the session: per application a seat, a ticket
     * number, a staggered start and a paper. Problems with one application are reported for it
     * (the others are scheduled); a bank too small for the blueprint fails the whole request.
     */
    async schedule(actor: Actor, publicId: string, applicationIds: string[]): Promise<ScheduleResult> {
      return db.transaction().execute(async (trx) => {
        const session = await sessionInScope(actor, publicId, true, trx);
        if (session.state === 'closed') throw new SessionClosedError();
        const bp = await repo.findBlueprintBrief(trx, session.blueprint_id);
        const bank = await loadBank(trx, bp);
        const sections = bp.sections as unknown as BlueprintSection[];
        let live = (await repo.countLive(trx, [session.id])).get(session.id) ?? 0;
        let seat = await repo.maxSeat(trx, session.id);
        const errors: ScheduleResult['errors'] = [];
        const scheduledIds: number[] = [];
        const at = clock();
        for (const applicationId of applicationIds) {
          const fail = (code: string, message: string) => errors.push({ applicationId, code, message });
          const app = await repo.findApplicationByPublicId(trx, applicationId);
          if (!app || !canManageSession(actor, app.division_code)) {
            fail('APPLICATION_NOT_FOUND', '报考申请不存在');
            continue;
          }
          if (app.state !== 'approved') {
            fail('APPLICATION_NOT_APPROVED', '只有审核通过的申请可以安排考试');
            continue;
          }
          if (app.certificate_type_code !== bp.certificate_type_code || app.level !== bp.level) {
            fail('APPLICATION_MISMATCH', '申请的证书类型或等级与本场次的考试蓝图不一致');
            continue;
          }
          if (!isWithin(app.division_code, session.division_code)) {
            fail('APPLICATION_OUTSIDE_DIVISION', '申请的受理地区不在本场次所在行政区划内');
            continue;
          }
          const existing = await repo.findLiveRegistrationForApplication(trx, app.id);
          if (existing) {
            fail('ALREADY_SCHEDULED', '该申请已安排考试');
            continue;
          }
          if (live >= session.capacity) {
            const e = new SessionFullError(session.capacity);
            fail(e.code, e.message);
            continue;
          }
          seat += 1;
          live += 1;
          const registration = await repo.insertRegistration(trx, {
            public_id: randomUUID(),
            session_id: session.id,
            application_id: app.id,
            person_id: app.person_id,
            seat_no: seat,
            ticket_no: ticketNumber(session.starts_at, session.province_code, session.id, seat),
            state: 'scheduled',
            start_offset_seconds: startOffsetSeconds(seat, session.capacity, session.start_window_seconds),
            created_by: actor.id,
            created_at: at,
            updated_at: at,
          });
          // Papers are assembled at scheduling: a too-small bank is found before the exam day.
          const seed = randomBytes(16).toString('hex');
          const items = assemblePaper({ sections }, bank, seed);
          await repo.insertPaper(trx, {
            public_id: randomUUID(),
            registration_id: registration.id,
            blueprint_id: bp.id,
            seed,
            items: bankRepo.jsonb(items),
            total_points: bp.total_points,
            created_at: at,
          });
          scheduledIds.push(registration.id);
        }
        await audit.record(trx, actor, {
          action: 'exam-session.schedule',
          targetType: 'exam_session',
          targetId: session.public_id,
          details: { scheduled: scheduledIds.length, failed: errors.length },
        });
        const scheduled: RegistrationView[] = [];
        for (const id of scheduledIds) {
          const r = await repo.findRegistrationDetail(trx, { id });
          if (r) scheduled.push(registrationView(r));
        }
        return { scheduled, errors };
      });
    },

    async registrations(actor: Actor, publicId: string) {
      const session = await sessionInScope(actor, publicId);
      const rows = await repo.listRegistrations(db, { sessionId: session.id });
      return { items: rows.map(registrationView) };
    },

    /** The caller's own registrations (holder). */
    async mine(actor: Actor) {
      const rows = await repo.listRegistrations(db, { personUserId: actor.id });
      return { items: rows.map(registrationView) };
    },

    async registration(actor: Actor, publicId: string): Promise<RegistrationView> {
      return registrationView(await registrationInScope(actor, publicId));
    },

    async cancel(actor: Actor, publicId: string): Promise<RegistrationView> {
      const r = await registrationInScope(actor, publicId);
      if (!canManageSession(actor, r.division_code))
        throw new ForbiddenError('只有本辖区监管部门可以取消考试安排');
      if (r.state === 'cancelled') throw new RegistrationCancelledError();
      if (r.state !== 'scheduled') throw new AlreadyCheckedInError(r.checked_in_at ?? clock());
      return db.transaction().execute(async (trx) => {
        await repo.updateRegistration(trx, r.id, { state: 'cancelled', updated_at: clock() });
        await audit.record(trx, actor, {
          action: 'exam-registration.cancel',
          targetType: 'exam_registration',
          targetId: r.public_id,
        });
        return registrationView((await repo.findRegistrationDetail(trx, { id: r.id }))!);
      });
    },

    async ticketPdf(actor: Actor, publicId: string): Promise<{ pdf: Buffer; ticketNo: string }> {
      const r = await registrationInScope(actor, publicId);
      if (r.state === 'cancelled') throw new RegistrationCancelledError();
      const session = await repo.findSessionById(db, r.session_id);
      const bp = await repo.findBlueprintBrief(db, session.blueprint_id);
      const type = await bankRepo.findCertificateType(db, bp.certificate_type_code);
      const pdf = await renderTicketPdf({
        ticketNo: r.ticket_no,
        candidateName: r.person_name,
        idNumberMasked: r.id_number_masked,
        certificateTypeName: type?.name ?? bp.certificate_type_code,
        level: bp.level,
        sessionName: r.session_name,
        place: r.place,
        seatNo: r.seat_no,
        startAt: new Date(r.starts_at.getTime() + r.start_offset_seconds * 1000),
        durationMinutes: r.duration_minutes,
        verifyUrl: `${deps.publicUrl.replace(/\/+$/, '')}/api/v1/exam-tickets/${r.ticket_no}`,
      });
      return { pdf, ticketNo: r.ticket_no };
    },

    /** Public check of a ticket (the QR's URL): masked name, session, seat, start — nothing more. */
    async verifyTicket(ticketNo: string) {
      const r = await repo.findRegistrationDetail(db, { ticketNo });
      if (!r) throw new RegistrationNotFoundError();
      return {
        ticketNo: r.ticket_no,
        valid: r.state !== 'cancelled',
        sessionName: r.session_name,
        place: r.place,
        startAt: new Date(r.starts_at.getTime() + r.start_offset_seconds * 1000).toISOString(),
        seatNo: r.seat_no,
        candidateName: maskName(r.person_name),
        state: r.state,
      };
    },

    /**
     * Check-in by ticket number + identity number: the number is normalized and compared by
     * its blind index with the person's; a mismatch and an unknown ticket are the same 422.
     */
    async checkIn(actor: Actor, publicId: string, body: CheckInBody): Promise<RegistrationView> {
      if (!UUID.test(publicId)) throw new SessionNotFoundError();
      const session = await repo.findSessionByPublicId(db, publicId);
      if (!session || !canCheckIn(actor, session.division_code)) throw new SessionNotFoundError();
      if (session.state === 'closed') throw new SessionClosedError();
      const normalized = checkIdNumber(body.idNumber.trim(), 'body.idNumber').normalized;
      const index = idNumberIndex(cipher, normalized);
      const r = await repo.findRegistrationDetail(db, { ticketNo: body.ticketNo.trim().toUpperCase() });
      if (!r || r.session_id !== session.id || r.id_number_index !== index) {
        await audit.recordAlone(actor, {
          action: 'exam-registration.check-in',
          targetType: 'exam_session',
          targetId: session.public_id,
          result: 'failure',
          details: { ticketNo: body.ticketNo },
        });
        throw new CheckInMismatchError();
      }
      if (r.state === 'cancelled') throw new RegistrationCancelledError();
      if (r.state === 'checked_in') throw new AlreadyCheckedInError(r.checked_in_at!);
      return db.transaction().execute(async (trx) => {
        const at = clock();
        await repo.updateRegistration(trx, r.id, {
          state: 'checked_in',
          checked_in_at: at,
          checked_in_by: actor.id,
          check_in_method: 'ticket_id_card',
          updated_at: at,
        });
        await audit.record(trx, actor, {
          action: 'exam-registration.check-in',
          targetType: 'exam_registration',
          targetId: r.public_id,
          details: { ticketNo: r.ticket_no, method: 'ticket_id_card' },
        });
        return registrationView((await repo.findRegistrationDetail(trx, { id: r.id }))!);
      });
    },
  };
}
