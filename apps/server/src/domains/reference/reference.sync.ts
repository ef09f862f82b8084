import { sha256, toHex } from '@anzheng/crypto';
import type {
  CertificateTypeTable,
  Database,
  IndustryTable,
  JsonValue,
  RuleParameterTable,
} from '@anzheng/db';
import type { Insertable, Kysely } from 'kysely';
import {
  countDivisions,
  DIVISION_SOURCE,
  divisionSourceRows,
  upsertDivisions,
} from '../jurisdiction/index.ts';
import {
  insertMissingCertificateTypes,
  insertMissingRuleParameters,
  lockReferenceSync,
  readSetting,
  upsertIndustries,
  writeSetting,
} from './reference.repository.ts';
import { CERTIFICATE_TYPES, HIGH_RISK_BASIS, INDUSTRIES, RULE_PARAMETERS } from './reference.seed.ts';

/** system_setting key holding the hash of the reference data last loaded. */
export const REFERENCE_DATA_VERSION_KEY = 'reference_data_version';

/** Bump when the way rows are derived changes (not the data: that changes the hash by itself). */
const SYNC_FORMAT = 1;

export interface SyncReport {
  status: 'up-to-date' | 'synced';
  version: string;
  /** Rows in the source data. */
  rows: { divisions: number; industries: number; certificateTypes: number; ruleParameters: number };
  /** Rows inserted or changed by this run (0 everywhere when status is 'up-to-date'). */
  written: { divisions: number; industries: number; certificateTypes: number; ruleParameters: number };
  divisionsInDatabase: number;
  ms: number;
}

interface SourceData {
  version: string;
  divisions: ReturnType<typeof divisionSourceRows>;
  industries: Insertable<IndustryTable>[];
  certificateTypes: Insertable<CertificateTypeTable>[];
  ruleParameters: Insertable<RuleParameterTable>[];
}

let cached: SourceData | undefined;

/** The rows to load and their version (SHA-256 of their JSON); computed once per process. */
export function referenceSourceData(): SourceData {
  if (cached) return cached;
  const divisions = divisionSourceRows();
  const industries: Insertable<IndustryTable>[] = INDUSTRIES.map((i, index) => ({
    code: i.code,
    name: i.name,
    high_risk: i.highRisk,
    high_risk_basis: i.highRisk ? HIGH_RISK_BASIS : null,
    parent_code: i.parentCode,
    sort: (index + 1) * 10,
    gbt4754_codes: i.gbt4754Codes,
  }));
  const certificateTypes = CERTIFICATE_TYPES.map((t) => ({
    code: t.code,
    name: t.name,
    name_en: t.nameEn,
    kind: t.kind,
    industry_code: t.industryCode,
    levels: [...t.levels],
    modules: t.modules as unknown as JsonValue,
    competency_model: t.competencyModel as unknown as JsonValue,
    effective_from: t.effectiveFrom,
    effective_to: null,
    status: 'active',
  }));
  const ruleParameters = RULE_PARAMETERS.map((r) => ({
    key: r.key,
    value: r.value,
    layer: r.layer,
    certificate_type_code: r.certificateTypeCode ?? null,
    level: r.level ?? null,
    industry_code: r.industryCode ?? null,
    division_code: r.divisionCode ?? null,
    effective_from: r.effectiveFrom,
    effective_to: null,
    source: r.source,
    created_by: null,
  }));
  // Plain JSON.stringify, not JCS: the rows are built above with a fixed key order, and
  // canonicalizing 3,300 rows would cost ~100 ms on every start.
  const version = toHex(
    sha256(
      new TextEncoder().encode(
        JSON.stringify({
          format: SYNC_FORMAT,
          divisionSource: DIVISION_SOURCE,
          divisions,
          industries,
          certificateTypes,
          ruleParameters,
        }),
      ),
    ),
  );
  cached = { version, divisions, industries, certificateTypes, ruleParameters };
  return cached;
}

function storedVersion(value: JsonValue | undefined): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.version === 'string') {
    return value.version;
  }
  return undefined;
}

/**
 * Loads divisions (from `@anzheng/identifiers`), industries, certificate types and the
 * national / provincial rule defaults. Idempotent and cheap when nothing changed: one read
 * of `system_setting.reference_data_version`. When the version differs, everything is
 * upserted in one transaction (multi-row inserts; unchanged rows are not rewritten) and the
 * new version is stored with it. `force` re-runs the upserts regardless of the version.
 */
export async function syncReferenceData(
  db: Kysely<Database>,
  opts: { force?: boolean } = {},
): Promise<SyncReport> {
  const started = performance.now();
  const source = referenceSourceData();
  const rows = {
    divisions: source.divisions.length,
    industries: source.industries.length,
    certificateTypes: source.certificateTypes.length,
    ruleParameters: source.ruleParameters.length,
  };
  const none = { divisions: 0, industries: 0, certificateTypes: 0, ruleParameters: 0 };
  const upToDate = async (executor: Kysely<Database>) =>
    !opts.force && storedVersion(await readSetting(executor, REFERENCE_DATA_VERSION_KEY)) === source.version;

  if (await upToDate(db)) {
    return {
      status: 'up-to-date',
      version: source.version,
      rows,
      written: none,
      divisionsInDatabase: -1,
      ms: performance.now() - started,
    };
  }

  return db.transaction().execute(async (trx) => {
    await lockReferenceSync(trx);
    // Another process may have loaded the same version while we waited for the lock.
    if (await upToDate(trx)) {
      return {
        status: 'up-to-date',
        version: source.version,
        rows,
        written: none,
        divisionsInDatabase: -1,
        ms: performance.now() - started,
      };
    }
    const written = {
      divisions: await upsertDivisions(trx, source.divisions),
      industries: await upsertIndustries(trx, source.industries),
      certificateTypes: await insertMissingCertificateTypes(trx, source.certificateTypes),
      ruleParameters: await insertMissingRuleParameters(trx, source.ruleParameters),
    };
    const divisionsInDatabase = await countDivisions(trx);
    await writeSetting(trx, REFERENCE_DATA_VERSION_KEY, {
      version: source.version,
      divisionSource: DIVISION_SOURCE,
      rows,
      syncedAt: new Date().toISOString(),
    });
    return {
      status: 'synced' as const,
      version: source.version,
      rows,
      written,
      divisionsInDatabase,
      ms: performance.now() - started,
    };
  });
}
