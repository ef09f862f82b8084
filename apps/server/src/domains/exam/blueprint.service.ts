import { randomUUID } from 'node:crypto';
import type {
  BankItem,
  BlueprintCoverage,
  BlueprintCreate,
  BlueprintListQuery,
  BlueprintSection,
  BlueprintView,
  ErrorDetail,
  ItemBody,
  PassRules,
} from '@anzheng/contracts';
import type { Database } from '@anzheng/db';
import type { Kysely } from 'kysely';
import type { AuditService } from '../audit/audit.service.ts';
import { type Actor, ForbiddenError } from '../identity/actor.ts';
import { resolveRuleValue, todayInShanghai } from '../reference/index.ts';
import { blueprintCoverage, blueprintTotalPoints } from './assembly.ts';
import * as bankRepo from './bank.repository.ts';
import { competencyCodes } from './bank.validate.ts';
import { DEFAULT_DURATION_MINUTES, defaultSections } from './blueprint.defaults.ts';
import * as repo from './blueprint.repository.ts';
import {
  BlueprintNotFoundError,
  InvalidBlueprintError,
  InvalidLevelError,
  UnknownCertificateTypeError,
} from './exam.errors.ts';
import { canReadBlueprints, canWriteBlueprints } from './exam.policy.ts';

export interface BlueprintServiceDeps {
  db: Kysely<Database>;
  audit: AuditService;
  clock: () => Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function blueprintView(row: repo.BlueprintRow): BlueprintView {
  return {
    id: row.public_id,
    code: row.code,
    name: row.name,
    certificateTypeCode: row.certificate_type_code,
    level: row.level,
    modules: row.modules,
    version: row.version,
    sections: row.sections as unknown as BlueprintSection[],
    durationMinutes: row.duration_minutes,
    totalPoints: Number(row.total_points),
    passRules: row.pass_rules as unknown as PassRules,
    state: row.state as BlueprintView['state'],
    createdAt: row.created_at.toISOString(),
  };
}

/** The bank a blueprint draws from: latest approved, unflagged version of each matching item. */
export async function loadBank(
  db: Kysely<Database>,
  row: Pick<repo.BlueprintRow, 'certificate_type_code' | 'level' | 'modules'>,
): Promise<BankItem[]> {
  const rows = await bankRepo.approvedBank(db, {
    certificateTypeCode: row.certificate_type_code,
    level: row.level,
    modules: row.modules,
  });
  return rows.map((r) => ({
    itemId: r.public_id,
    itemVersionId: Number(r.version_id),
    module: r.module,
    type: r.type,
    difficulty: Number(r.difficulty),
    competencies: r.competencies,
    body: r.body as unknown as ItemBody,
  }));
}

export type BlueprintService = ReturnType<typeof createBlueprintService>;

/** 考试蓝图 (REQ-EXAM-1, REQ-TYPE-2/4): versioned per code; one active version per code. */
export function createBlueprintService(deps: BlueprintServiceDeps) {
  const { db, audit, clock } = deps;

  async function find(publicId: string) {
    if (!UUID.test(publicId)) throw new BlueprintNotFoundError();
    const row = await repo.findByPublicId(db, publicId);
    if (!row) throw new BlueprintNotFoundError();
    return row;
  }

  /** Checks modules and quota competencies against the certificate type (REQ-TYPE-2/4). */
  async function check(executor: Kysely<Database>, body: BlueprintCreate, sections: BlueprintSection[]) {
    const type = await bankRepo.findCertificateType(executor, body.certificateTypeCode);
    if (type?.status !== 'active') {
      throw new UnknownCertificateTypeError('body.certificateTypeCode', body.certificateTypeCode);
    }
    if (!type.levels.includes(body.level))
      throw new InvalidLevelError('body.level', body.level, body.certificateTypeCode);
    const modules = ['base', ...((type.modules as Array<{ code: string }>) ?? []).map((m) => m.code)];
    const codes = competencyCodes(type.competency_model, body.level);
    const details: ErrorDetail[] = [];
    body.modules.forEach((m, i) => {
      if (!modules.includes(m)) {
        details.push({
          field: `body.modules.${i}`,
          code: 'INVALID_MODULE',
          message: `模块“${m}”不属于该证书类型`,
        });
      }
    });
    const seen = new Set<string>();
    sections.forEach((s, i) => {
      if (seen.has(s.code)) {
        details.push({
          field: `body.sections.${i}.code`,
          code: 'DUPLICATE',
          message: `部分代码“${s.code}”重复`,
        });
      }
      seen.add(s.code);
      s.quotas.forEach((q, j) => {
        const field = `body.sections.${i}.quotas.${j}`;
        if (
          q.competency &&
          q.competency.length > 1 &&
          !codes.has(q.competency) &&
          !modules.includes(q.competency)
        ) {
          details.push({
            field: `${field}.competency`,
            code: 'INVALID_COMPETENCY',
            message: `能力项“${q.competency}”既不是该证书类型的模块，也不在该等级的能力模型中`,
          });
        }
        if (q.competency?.length === 1 && ![...codes.keys()].some((c) => c.startsWith(q.competency!))) {
          details.push({
            field: `${field}.competency`,
            code: 'INVALID_COMPETENCY',
            message: `能力模型中没有“${q.competency}”类能力项`,
          });
        }
        if (q.module && !body.modules.includes(q.module)) {
          details.push({
            field: `${field}.module`,
            code: 'INVALID_MODULE',
            message: `配额模块“${q.module}”不在蓝图模块中`,
          });
        }
      });
    });
    if (details.length > 0) throw new InvalidBlueprintError(details);
  }

  return {
    find,

    async create(actor: Actor, body: BlueprintCreate): Promise<BlueprintView> {
      if (!canWriteBlueprints(actor)) throw new ForbiddenError('只有国家级监管部门可以制定考试蓝图');
      const sections = body.sections ?? defaultSections();
      return db.transaction().execute(async (trx) => {
        await check(trx, body, sections);
        const total = blueprintTotalPoints(sections);
        let passRules = body.passRules;
        if (!passRules) {
          // Default pass line: exam.pass_rules composite (百分制) scaled to the paper's points.
          const rule = await resolveRuleValue<{ composite: number }>(trx, {
            key: 'exam.pass_rules',
            certificateTypeCode: body.certificateTypeCode,
            level: body.level,
            at: todayInShanghai(clock()),
          });
          passRules = { passPoints: Math.round(((rule.value.composite * total) / 100) * 100) / 100 };
        }
        if (passRules.passPoints > total) {
          throw new InvalidBlueprintError([
            {
              field: 'body.passRules.passPoints',
              code: 'ABOVE_TOTAL',
              message: `合格分数线 ${passRules.passPoints} 高于总分 ${total}`,
            },
          ]);
        }
        const at = clock();
        const version = (await repo.latestVersion(trx, body.code)) + 1;
        const active = body.activate !== false;
        const row = await repo.insertBlueprint(trx, {
          public_id: randomUUID(),
          code: body.code,
          name: body.name.trim(),
          certificate_type_code: body.certificateTypeCode,
          level: body.level,
          modules: body.modules,
          version,
          sections: bankRepo.jsonb(sections),
          duration_minutes: body.durationMinutes ?? DEFAULT_DURATION_MINUTES,
          total_points: total,
          pass_rules: bankRepo.jsonb(passRules),
          state: active ? 'active' : 'draft',
          created_by: actor.id,
          created_at: at,
          updated_at: at,
        });
        if (active) await repo.retireOthers(trx, body.code, row.id, at);
        await audit.record(trx, actor, {
          action: 'exam-blueprint.create',
          targetType: 'exam_blueprint',
          targetId: row.public_id,
          details: { code: row.code, version, totalPoints: total },
        });
        return blueprintView(row);
      });
    },

    async setState(actor: Actor, publicId: string, state: 'active' | 'retired'): Promise<BlueprintView> {
      if (!canWriteBlueprints(actor)) throw new ForbiddenError('只有国家级监管部门可以制定考试蓝图');
      const row = await find(publicId);
      return db.transaction().execute(async (trx) => {
        const at = clock();
        const updated = await repo.setState(trx, row.id, state, at);
        if (state === 'active') await repo.retireOthers(trx, row.code, row.id, at);
        await audit.record(trx, actor, {
          action: `exam-blueprint.${state === 'active' ? 'activate' : 'retire'}`,
          targetType: 'exam_blueprint',
          targetId: row.public_id,
        });
        return blueprintView(updated);
      });
    },

    async list(actor: Actor, query: BlueprintListQuery) {
      if (!canReadBlueprints(actor)) throw new ForbiddenError();
      return { items: (await repo.listBlueprints(db, query)).map(blueprintView) };
    },

    async get(actor: Actor, publicId: string): Promise<BlueprintView> {
      if (!canReadBlueprints(actor)) throw new ForbiddenError();
      return blueprintView(await find(publicId));
    },

    /** Whether the approved bank can fill every quota (and by how much). */
    async coverage(actor: Actor, publicId: string): Promise<BlueprintCoverage> {
      if (!canReadBlueprints(actor)) throw new ForbiddenError();
      const row = await find(publicId);
      const bank = await loadBank(db, row);
      return blueprintCoverage({ sections: row.sections as unknown as BlueprintSection[] }, bank);
    },
  };
}
