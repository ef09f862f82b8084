import type { ItemResponse } from '@anzheng/contracts';
import type { JsonValue } from '@anzheng/db';
import { maskName } from '@anzheng/identifiers';
import type { AuditService } from '../../audit/audit.service.ts';
import type { Actor } from '../../identity/actor.ts';
import { uuidv7 } from '../../registry/index.ts';
import type { DeliverySettings } from './delivery.config.ts';
import {
  AttemptNotFoundError,
  AttemptNotOpenError,
  AttemptNotPausedError,
  AttemptPausedError,
  AttemptSubmittedError,
  DeadlinePassedError,
  InvalidResponseError,
  ItemNotOnPaperError,
  NoPaperError,
  NotCheckedInError,
  RegistrationNotFoundError,
  ResumeApprovalRequiredError,
  SessionNotFoundError,
  StartSlotError,
} from './delivery.errors.ts';
import { canInvigilate, canReadAttempt, isCandidate } from './delivery.policy.ts';
import type { AttemptRow, Db } from './delivery.repository.ts';
import * as repo from './delivery.repository.ts';
import { checkResponse, loadPaper } from './paper.ts';

export interface AttemptServiceDeps {
  db: Db;
  audit: AuditService;
  clock: () => Date;
  settings: DeliverySettings;
}

const iso = (d: Date) => d.toISOString();

export interface SaveAck {
  itemRef: string;
  seq: number;
  current: boolean;
  savedAt: string;
  serverNow: string;
  deadlineAt: string;
}

/** The deadline as it stands now: a paused attempt's deadline moves with the pause. */
export function effectiveDeadline(a: Pick<AttemptRow, 'deadline_at' | 'paused_at'>, now: Date): Date {
  if (!a.paused_at) return a.deadline_at;
  return new Date(a.deadline_at.getTime() + Math.max(0, now.getTime() - a.paused_at.getTime()));
}

/** Login session key the attempt is bound to. */
function clientKey(actor: Actor): string {
  return actor.sessionId ?? `${actor.kind}:${actor.id}`;
}

export function createAttemptService(deps: AttemptServiceDeps) {
  const { db, audit, clock, settings } = deps;
  const graceMs = settings.saveGraceSeconds * 1000;

  /** Reads an attempt the actor may see, finalizing it lazily when its deadline has passed. */
  async function readAttempt(actor: Actor, publicId: string): Promise<AttemptRow> {
    const a = await repo.findAttempt(db, publicId);
    if (!a || !canReadAttempt(actor, a.user_id, a.division_code)) throw new AttemptNotFoundError();
    const now = clock();
    if (a.state === 'in_progress' && !a.paused_at && a.deadline_at < now) {
      await repo.finalizeExpired(db, a.id, now);
      return (await repo.findAttempt(db, publicId))!;
    }
    return a;
  }

  /** Candidate only: another login session needs an invigilator's approval (used once). */
  async function bindSession(actor: Actor, a: AttemptRow): Promise<void> {
    if (!isCandidate(actor, a.user_id)) return;
    const now = clock();
    const key = clientKey(actor);
    if (a.client_session !== key) {
      const admitted = await db.transaction().execute(async (trx) => {
        if (!(await repo.useResumeApproval(trx, a.id, key, now))) return false;
        await repo.updateAttempt(trx, a.id, { client_session: key });
        return true;
      });
      await repo.insertSignal(db, {
        attemptId: a.id,
        kind: 'multiple_sessions',
        source: 'server',
        detail: { admitted },
        occurredAt: now,
      });
      if (!admitted) throw new ResumeApprovalRequiredError();
      a.client_session = key;
    }
    if (a.last_ip !== actor.ip && actor.ip) {
      await repo.insertSignal(db, {
        attemptId: a.id,
        kind: 'ip_change',
        source: 'server',
        detail: { from: a.last_ip, to: actor.ip },
        occurredAt: now,
      });
      await repo.updateAttempt(db, a.id, { last_ip: actor.ip });
      a.last_ip = actor.ip;
    }
  }

  async function view(a: AttemptRow) {
    const now = clock();
    const paper = await loadPaper(db, a.paper_id);
    const answers = await repo.listAnswers(db, a.id);
    return {
      id: a.public_id,
      registrationId: a.registration_public_id,
      ticketNo: a.ticket_no,
      sessionName: a.session_name,
      state: a.state as 'in_progress' | 'submitted' | 'graded',
      paused: a.paused_at !== null,
      startedAt: iso(a.started_at),
      deadlineAt: iso(effectiveDeadline(a, now)),
      serverNow: iso(now),
      extraSeconds: a.extra_seconds,
      submittedAt: a.submitted_at ? iso(a.submitted_at) : null,
      submittedBy: a.submitted_by as 'candidate' | 'server_deadline' | 'invigilator' | null,
      totalPoints: paper.totalPoints,
      items: paper.items.map((i) => ({ ref: i.ref, section: i.section, points: i.points, body: i.body })),
      answers: answers.map((x) => ({
        itemRef: x.item_ref,
        seq: Number(x.seq),
        response: x.response,
        savedAt: iso(x.saved_at),
      })),
    };
  }

  async function invigilated(actor: Actor, publicId: string): Promise<AttemptRow> {
    const a = await readAttempt(actor, publicId);
    if (!canInvigilate(actor, a.division_code)) throw new AttemptNotFoundError();
    return a;
  }

  return {
    effectiveDeadline,

    /** Starts (or resumes) the candidate's attempt: checked in, inside their start slot. */
    async startAttempt(actor: Actor, registrationPublicId: string) {
      const r = await repo.findRegistrationForStart(db, registrationPublicId);
      if (!r || !isCandidate(actor, r.person_user_id)) throw new RegistrationNotFoundError();
      if (r.attempt_public_id) return this.getAttempt(actor, r.attempt_public_id);
      if (r.state !== 'checked_in') throw new NotCheckedInError();
      const now = clock();
      // Staggered start (flattens the synchronized-start spike): session start + offset, for a slot.
      const opensAt = new Date(r.starts_at.getTime() + r.start_offset_seconds * 1000);
      const closesAt = new Date(opensAt.getTime() + settings.startSlotSeconds * 1000);
      if (now < opensAt || now > closesAt || r.session_state === 'closed') {
        throw new StartSlotError(opensAt, closesAt, now);
      }
      if (r.paper_id === null) throw new NoPaperError();
      const publicId = uuidv7(now.getTime());
      // The attempt row is the record of the start (who, when, from where, which session); no
      // audit event here: the audit chain is one writer at a time and would serialize the
      // synchronized start of a whole session (docs/exam-delivery.md §start slot).
      await repo.insertAttempt(db, {
        public_id: publicId,
        registration_id: r.id,
        paper_id: r.paper_id,
        session_id: r.session_id,
        user_id: actor.id,
        started_at: now,
        deadline_at: new Date(now.getTime() + r.duration_minutes * 60_000),
        client_session: clientKey(actor),
        last_ip: actor.ip,
      });
      // A concurrent start by the same candidate created it first: resume that one.
      const again = await repo.findRegistrationForStart(db, registrationPublicId);
      return this.getAttempt(actor, again!.attempt_public_id!);
    },

    async getAttempt(actor: Actor, publicId: string) {
      const a = await readAttempt(actor, publicId);
      await bindSession(actor, a);
      return view(a);
    },

    /**
     * Autosave (hot path, NFR-REL-1): committed before the acknowledgement; the highest seq
     * wins, a repeat gets the same ack, a lower one never rolls the answer back.
     */
    async saveAnswer(
      actor: Actor,
      publicId: string,
      itemRef: string,
      body: { seq: number; response: ItemResponse; clientTime?: string | undefined },
    ): Promise<SaveAck> {
      const now = clock();
      const result = await db.transaction().execute(async (trx) => {
        const a = await repo.findAttempt(trx, publicId, { lock: 'share' });
        if (!a || !isCandidate(actor, a.user_id)) throw new AttemptNotFoundError();
        if (a.client_session !== clientKey(actor) || (actor.ip && a.last_ip !== actor.ip)) {
          return { rebind: true as const };
        }
        const paper = await loadPaper(trx, a.paper_id);
        const item = paper.byRef.get(itemRef);
        if (!item) throw new ItemNotOnPaperError(itemRef);
        const problem = checkResponse(item.body, body.response);
        if (problem) throw new InvalidResponseError('body.response', problem);
        // A save in flight at the deadline is still taken within the grace period, unless the
        // candidate or an invigilator submitted (or grading began).
        const open =
          a.state === 'in_progress' || (a.state === 'submitted' && a.submitted_by === 'server_deadline');
        if (!open) throw new AttemptSubmittedError();
        if (a.paused_at) throw new AttemptPausedError();
        if (now.getTime() > a.deadline_at.getTime() + graceMs) throw new DeadlinePassedError(a.deadline_at);
        const stored = await repo.upsertAnswer(trx, {
          attemptId: a.id,
          itemRef,
          seq: body.seq,
          response: body.response as JsonValue,
          clientTime: body.clientTime ? new Date(body.clientTime) : null,
          now,
        });
        return { rebind: false as const, stored, deadline: a.deadline_at };
      });
      if (result.rebind) {
        // New session or address: bind (or refuse) outside the save transaction, then save.
        const a = await readAttempt(actor, publicId);
        await bindSession(actor, a);
        return this.saveAnswer(actor, publicId, itemRef, body);
      }
      return {
        itemRef,
        seq: result.stored.seq,
        current: result.stored.seq === body.seq,
        savedAt: iso(result.stored.saved_at),
        serverNow: iso(now),
        deadlineAt: iso(result.deadline),
      };
    },

    async heartbeat(actor: Actor, publicId: string) {
      const a = await readAttempt(actor, publicId);
      if (!isCandidate(actor, a.user_id)) throw new AttemptNotFoundError();
      await bindSession(actor, a);
      const now = clock();
      await repo.updateAttempt(db, a.id, { last_seen_at: now });
      return {
        state: a.state as 'in_progress',
        paused: a.paused_at !== null,
        serverNow: iso(now),
        deadlineAt: iso(effectiveDeadline(a, now)),
      };
    },

    async submit(actor: Actor, publicId: string) {
      const a0 = await readAttempt(actor, publicId);
      if (!isCandidate(actor, a0.user_id)) throw new AttemptNotFoundError();
      await bindSession(actor, a0);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const a = (await repo.findAttempt(trx, publicId, { lock: 'update' }))!;
        if (a.state !== 'in_progress') throw new AttemptSubmittedError();
        if (a.paused_at) throw new AttemptPausedError();
        // Recorded on the attempt (submitted_at, submitted_by), not in the audit chain: a mass
        // submit at the deadline must not queue behind one chain lock.
        await repo.updateAttempt(trx, a.id, {
          state: 'submitted',
          submitted_at: now,
          submitted_by: 'candidate',
        });
      });
      return this.getAttempt(actor, publicId);
    },

    async recordSignal(
      actor: Actor,
      publicId: string,
      body: { kind: string; occurredAt?: string | undefined; detail?: string | undefined },
    ) {
      const a = await readAttempt(actor, publicId);
      if (!isCandidate(actor, a.user_id)) throw new AttemptNotFoundError();
      await bindSession(actor, a);
      const now = clock();
      // Client times are not trusted beyond plausibility: clamp to the attempt and now.
      const claimed = body.occurredAt ? new Date(body.occurredAt) : now;
      const occurredAt = claimed > now || claimed < a.started_at ? now : claimed;
      await repo.insertSignal(db, {
        attemptId: a.id,
        kind: body.kind,
        source: 'client',
        detail: body.detail ? { note: body.detail } : null,
        occurredAt,
      });
      return { recorded: true };
    },

    async listSignals(actor: Actor, publicId: string) {
      const a = await invigilated(actor, publicId);
      const rows = await repo.listSignals(db, a.id);
      return {
        items: rows.map((s) => ({
          kind: s.kind,
          source: s.source,
          detail: s.detail,
          occurredAt: iso(s.occurred_at),
        })),
      };
    },

    async grantTime(actor: Actor, publicId: string, body: { seconds: number; reason: string }) {
      await invigilated(actor, publicId);
      await db.transaction().execute(async (trx) => {
        const a = (await repo.findAttempt(trx, publicId, { lock: 'update' }))!;
        if (a.state !== 'in_progress') throw new AttemptNotOpenError();
        await repo.insertTimeGrant(trx, {
          attempt_id: a.id,
          seconds: body.seconds,
          reason: body.reason,
          granted_by: actor.id,
        });
        await repo.updateAttempt(trx, a.id, {
          extra_seconds: a.extra_seconds + body.seconds,
          deadline_at: new Date(a.deadline_at.getTime() + body.seconds * 1000),
        });
        await audit.record(trx, actor, {
          action: 'exam.attempt.extra-time',
          targetType: 'exam_attempt',
          targetId: publicId,
          details: { seconds: body.seconds, reason: body.reason },
        });
      });
      return this.getAttempt(actor, publicId);
    },

    async pause(actor: Actor, publicId: string, reason: string | undefined) {
      await invigilated(actor, publicId);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const a = (await repo.findAttempt(trx, publicId, { lock: 'update' }))!;
        if (a.state !== 'in_progress') throw new AttemptNotOpenError();
        if (a.paused_at) throw new AttemptPausedError();
        await repo.updateAttempt(trx, a.id, { paused_at: now });
        await audit.record(trx, actor, {
          action: 'exam.attempt.pause',
          targetType: 'exam_attempt',
          targetId: publicId,
          details: { reason: reason ?? null },
        });
      });
      return this.getAttempt(actor, publicId);
    },

    /** Paused time does not count: the deadline moves by the length of the pause. */
    async resume(actor: Actor, publicId: string, reason: string | undefined) {
      await invigilated(actor, publicId);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        const a = (await repo.findAttempt(trx, publicId, { lock: 'update' }))!;
        if (a.state !== 'in_progress') throw new AttemptNotOpenError();
        if (!a.paused_at) throw new AttemptNotPausedError();
        const pausedSeconds = Math.max(0, Math.round((now.getTime() - a.paused_at.getTime()) / 1000));
        await repo.updateAttempt(trx, a.id, {
          paused_at: null,
          paused_seconds: a.paused_seconds + pausedSeconds,
          deadline_at: new Date(a.deadline_at.getTime() + pausedSeconds * 1000),
        });
        await audit.record(trx, actor, {
          action: 'exam.attempt.resume',
          targetType: 'exam_attempt',
          targetId: publicId,
          details: { pausedSeconds, reason: reason ?? null },
        });
      });
      return this.getAttempt(actor, publicId);
    },

    async approveResume(actor: Actor, publicId: string, reason: string) {
      const a = await invigilated(actor, publicId);
      if (a.state !== 'in_progress') throw new AttemptNotOpenError();
      await db.transaction().execute(async (trx) => {
        await repo.insertResumeApproval(trx, { attempt_id: a.id, reason, approved_by: actor.id });
        await audit.record(trx, actor, {
          action: 'exam.attempt.resume-approval',
          targetType: 'exam_attempt',
          targetId: publicId,
          details: { reason },
        });
      });
      return this.getAttempt(actor, publicId);
    },

    async listCandidates(actor: Actor, sessionPublicId: string) {
      const s = await repo.findSession(db, sessionPublicId);
      if (!s || !canInvigilate(actor, s.division_code)) throw new SessionNotFoundError();
      const now = clock();
      const rows = await repo.listSessionCandidates(db, s.id);
      const connectedMs = settings.connectedSeconds * 1000;
      return {
        sessionId: s.public_id,
        serverNow: iso(now),
        items: rows.map((r) => {
          const lastSaved = r.last_saved_at ? new Date(r.last_saved_at as unknown as string) : null;
          const seen = [r.last_seen_at, lastSaved]
            .filter((d): d is Date => d !== null)
            .map((d) => d.getTime());
          const lastSeen = seen.length > 0 ? new Date(Math.max(...seen)) : null;
          const expired =
            r.state === 'in_progress' && !r.paused_at && r.deadline_at !== null && r.deadline_at < now;
          const state =
            r.attempt_id === null ? 'not_started' : expired ? 'submitted' : (r.state as 'in_progress');
          return {
            registrationId: r.registration_public_id,
            attemptId: r.attempt_public_id,
            ticketNo: r.ticket_no,
            seatNo: r.seat_no,
            candidateName: maskName(r.name),
            registrationState: r.registration_state,
            state,
            paused: r.paused_at !== null,
            connected:
              state === 'in_progress' &&
              lastSeen !== null &&
              now.getTime() - lastSeen.getTime() < connectedMs,
            lastSeenAt: lastSeen ? iso(lastSeen) : null,
            answered: Number(r.answered ?? 0),
            total: Number(r.total),
            signals: Number(r.signals ?? 0),
            deadlineAt:
              r.deadline_at && r.attempt_id !== null
                ? iso(effectiveDeadline({ deadline_at: r.deadline_at, paused_at: r.paused_at }, now))
                : null,
          };
        }),
      };
    },

    async endSession(actor: Actor, sessionPublicId: string) {
      const s = await repo.findSession(db, sessionPublicId);
      if (!s || !canInvigilate(actor, s.division_code)) throw new SessionNotFoundError();
      const now = clock();
      const submitted = await db.transaction().execute(async (trx) => {
        const n = await repo.submitOpenAttemptsOfSession(trx, s.id, now);
        await repo.closeSession(trx, s.id, now);
        await audit.record(trx, actor, {
          action: 'exam.session.end',
          targetType: 'exam_session',
          targetId: sessionPublicId,
          details: { submitted: n },
        });
        return n;
      });
      return { submitted };
    },

    /** One sweep: submits expired attempts at their deadline, in batches (SKIP LOCKED). */
    async sweep(limit = 500): Promise<number> {
      let total = 0;
      for (;;) {
        const now = clock();
        const ids = await db.transaction().execute((trx) => repo.sweepExpired(trx, now, limit));
        total += ids.length;
        if (ids.length > 0) {
          await audit.recordAlone(
            { ip: '', requestId: 'exam-deadline-sweeper', username: 'system' },
            {
              action: 'exam.attempt.deadline-submit',
              targetType: 'exam_attempt',
              details: { attempts: ids },
            },
          );
        }
        if (ids.length < limit) return total;
      }
    },
  };
}

export type AttemptService = ReturnType<typeof createAttemptService>;
