import type { ImportKindCode } from '@anzheng/contracts';
import { getDivision, isWithin, maskCitizenId } from '@anzheng/identifiers';
import { todayInShanghai } from '../reference/index.ts';
import { checkCreditCode, checkIdNumber } from '../registry/index.ts';
import type { HeaderMap } from './imports.columns.ts';
import type { SourceRow } from './imports.source.ts';

/**
 * Row validation without I/O: every cell of a row is checked and each problem reported
 * with its row, column and code, so one upload shows the user everything to fix. What
 * needs the database (does the person exist, is the name the same) is checked by the writer.
 */

export interface RowProblem {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

/** Where the importer may write (DESIGN §6). */
export interface ImportScope {
  /** Division subtrees of a regulator; null = unrestricted (system admin, CLI operator). */
  divisions: string[] | null;
  /** Persons become staff of this enterprise; records must be about its current staff. */
  enterprise: { id: number; creditCode: string } | null;
}

export interface IndustryRef {
  code: string;
  highRisk: boolean;
}

export interface RowContext {
  /** Today in Asia/Shanghai, YYYY-MM-DD (dates after it are refused). */
  today: string;
  scope: ImportScope;
  /** Industry by code and by Chinese name. */
  industries: Map<string, IndustryRef>;
}

export interface EducationRecord {
  level: string;
  major: string;
  safetyRelated: boolean;
  school: string;
  graduatedOn: string;
}

export interface StaffRecord {
  post: string;
  safetyManagement: boolean;
  fullTime: boolean;
  startedOn: string;
}

export interface PersonRecord {
  row: number;
  name: string;
  idNumber: string;
  idKind: string;
  sex: string;
  birthDate: string;
  phone: string | null;
  divisionCode: string;
  education: EducationRecord | null;
  staff: StaffRecord | null;
}

export interface EnterpriseRecord {
  row: number;
  creditCode: string;
  name: string;
  industry: IndustryRef;
  divisionCode: string;
  employeeCount: number;
  contactName: string | null;
  contactPhone: string | null;
}

export interface WorkRecord {
  row: number;
  idNumber: string;
  employerName: string;
  employerCreditCode: string | null;
  post: string;
  safetyManagement: boolean;
  startedOn: string;
  endedOn: string | null;
}

export interface TrainingRecord {
  row: number;
  idNumber: string;
  provider: string;
  course: string;
  /** numeric(6,1) as text */
  hours: string;
  completedOn: string;
}

export type ImportRecord = PersonRecord | EnterpriseRecord | WorkRecord | TrainingRecord;

export interface RowResult<T> {
  record: T | undefined;
  problems: RowProblem[];
}

/** 学历 as written in Chinese files (and the API codes). */
const EDUCATION_LEVELS: Record<string, string> = {
  高中: 'high_school',
  中专: 'high_school',
  '高中/中专': 'high_school',
  高中及以下: 'high_school',
  大专: 'junior_college',
  专科: 'junior_college',
  本科: 'bachelor',
  学士: 'bachelor',
  硕士: 'master',
  硕士研究生: 'master',
  研究生: 'master',
  博士: 'doctor',
  博士研究生: 'doctor',
  high_school: 'high_school',
  junior_college: 'junior_college',
  bachelor: 'bachelor',
  master: 'master',
  doctor: 'doctor',
};

const TRUE_WORDS = new Set(['是', 'y', 'yes', 'true', '1', '√', '对']);
const FALSE_WORDS = new Set(['否', 'n', 'no', 'false', '0', '×', '不是']);
const PHONE = /^\+?[0-9][0-9 -]{5,19}$/;

/** 'YYYY-MM-DD' for 2024-06-30, 2024/6/30, 2024.6.30, 2024年6月30日, 20240630; undefined otherwise. */
export function parseDate(text: string): string | undefined {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d)
    return undefined;
  if (y < 1900) return undefined;
  return date.toISOString().slice(0, 10);
}

export function parseBoolean(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return undefined;
}

/** Today's date in Asia/Shanghai (DESIGN §3: dates are shown and compared in Beijing time). */
export function shanghaiToday(now: Date): string {
  return todayInShanghai(now);
}

/** Reads the cells of one row and collects problems; one instance per row. */
class RowReader {
  readonly problems: RowProblem[] = [];
  constructor(
    private readonly src: SourceRow,
    private readonly header: HeaderMap,
    private readonly ctx: RowContext,
  ) {}

  column(key: string): string {
    return this.header.headers.get(key) ?? key;
  }

  problem(key: string | null, code: string, message: string): void {
    this.problems.push({ row: this.src.row, column: key ? this.column(key) : null, code, message });
  }

  raw(key: string): string {
    const i = this.header.index.get(key);
    if (i === undefined) return '';
    return (this.src.cells[i] ?? '').trim();
  }

  text(key: string, required: boolean, max = 200): string | undefined {
    const v = this.raw(key);
    if (!v) {
      if (required) this.problem(key, 'REQUIRED', '必填');
      return undefined;
    }
    if (v.length > max) {
      this.problem(key, 'TOO_LONG', `不能超过 ${max} 个字符`);
      return undefined;
    }
    return v;
  }

  date(key: string, required: boolean): string | undefined {
    const v = this.raw(key);
    if (!v) {
      if (required) this.problem(key, 'REQUIRED', '必填');
      return undefined;
    }
    const d = parseDate(v);
    if (!d) {
      this.problem(key, 'INVALID_DATE', `“${clip(v)}”不是有效日期，应为 YYYY-MM-DD`);
      return undefined;
    }
    if (d > this.ctx.today) {
      this.problem(key, 'DATE_IN_FUTURE', `日期 ${d} 晚于今天`);
      return undefined;
    }
    return d;
  }

  boolean(key: string, required: boolean): boolean | undefined {
    const v = this.raw(key);
    if (!v) {
      if (required) this.problem(key, 'REQUIRED', '必填');
      return undefined;
    }
    const b = parseBoolean(v);
    if (b === undefined) this.problem(key, 'INVALID_BOOLEAN', `“${clip(v)}”应为 是 或 否`);
    return b;
  }

  phone(key: string): string | null | undefined {
    const v = this.raw(key);
    if (!v) return null;
    if (!PHONE.test(v)) {
      this.problem(key, 'INVALID_PHONE', `“${clip(v)}”不是有效的电话号码`);
      return undefined;
    }
    return v.replace(/[\s-]/g, '');
  }

  division(key: string): string | null | undefined {
    const v = this.raw(key);
    if (!v) return null;
    const d = /^\d{6}$/.test(v) ? getDivision(v) : undefined;
    if (!d || d.abolishedOn) {
      this.problem(key, 'INVALID_DIVISION_CODE', `行政区划代码 ${clip(v)} 不存在或已撤销`);
      return undefined;
    }
    return v;
  }

  idNumber(key: string) {
    const v = this.raw(key);
    if (!v) {
      this.problem(key, 'REQUIRED', '必填');
      return undefined;
    }
    try {
      return checkIdNumber(v, key, new Date(`${this.ctx.today}T12:00:00+08:00`));
    } catch (error) {
      const e = error as { code?: string; details?: { message: string }[]; message: string };
      const reasons = e.details?.map((d) => d.message).join('；') || e.message;
      this.problem(key, e.code ?? 'INVALID_ID_NUMBER', `身份证号无效：${reasons}`);
      return undefined;
    }
  }

  creditCode(key: string, required: boolean) {
    const v = this.raw(key);
    if (!v) {
      if (required) this.problem(key, 'REQUIRED', '必填');
      return undefined;
    }
    try {
      return checkCreditCode(v, key);
    } catch (error) {
      const e = error as { code?: string; details?: { message: string }[]; message: string };
      const reasons = e.details?.map((d) => d.message).join('；') || e.message;
      this.problem(key, e.code ?? 'INVALID_CREDIT_CODE', `统一社会信用代码无效：${reasons}`);
      return undefined;
    }
  }

  inScope(divisionCode: string, key: string): boolean {
    const divisions = this.ctx.scope.divisions;
    if (divisions === null || divisions.some((s) => isWithin(divisionCode, s))) return true;
    this.problem(key, 'DIVISION_OUT_OF_SCOPE', `行政区划 ${divisionCode} 不在您的管辖范围内`);
    return false;
  }
}

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

type Validator = (src: SourceRow) => RowResult<ImportRecord>;

/**
 * A validator for one file: also remembers the keys it has seen, so the second row with
 * the same person / enterprise / record is DUPLICATE_IN_FILE (the first one is imported).
 */
export function createRowValidator(kind: ImportKindCode, header: HeaderMap, ctx: RowContext): Validator {
  const seen = new Map<string, number>();
  const duplicate = (r: RowReader, key: string, row: number, column: string | null): boolean => {
    const first = seen.get(key);
    if (first !== undefined) {
      r.problem(column, 'DUPLICATE_IN_FILE', `与第 ${first} 行重复`);
      return true;
    }
    seen.set(key, row);
    return false;
  };

  switch (kind) {
    case 'persons':
      return (src) => {
        const r = new RowReader(src, header, ctx);
        const name = r.text('name', true, 100);
        const id = r.idNumber('idNumber');
        const phone = r.phone('phone');
        const givenDivision = r.division('divisionCode');
        let divisionCode: string | undefined;
        if (id && givenDivision !== undefined) {
          divisionCode = givenDivision ?? defaultDivision(id.divisionCode);
          if (!divisionCode) {
            r.problem('divisionCode', 'REQUIRED', '无法从身份证号确定所在地区，请填写所在地区代码');
          } else if (ctx.scope.enterprise === null) {
            r.inScope(divisionCode, givenDivision ? 'divisionCode' : 'idNumber');
          }
        }
        const education = readEducation(r);
        const staff = ctx.scope.enterprise ? readStaff(r, ctx.today) : null;
        if (id && duplicate(r, id.normalized, src.row, 'idNumber'))
          return { record: undefined, problems: r.problems };
        if (r.problems.length > 0 || !name || !id || !divisionCode || phone === undefined)
          return { record: undefined, problems: r.problems };
        return {
          record: {
            row: src.row,
            name,
            idNumber: id.normalized,
            idKind: id.kind ?? 'resident',
            sex: id.sex,
            birthDate: id.birthDate,
            phone,
            divisionCode,
            education: education ?? null,
            staff: staff ?? null,
          } satisfies PersonRecord,
          problems: [],
        };
      };
    case 'enterprises':
      return (src) => {
        const r = new RowReader(src, header, ctx);
        const code = r.creditCode('creditCode', true);
        const name = r.text('name', true);
        const industryText = r.text('industryCode', true, 100);
        const industry = industryText ? ctx.industries.get(industryText) : undefined;
        if (industryText && !industry)
          r.problem('industryCode', 'UNKNOWN_INDUSTRY', `行业代码 ${clip(industryText)} 不存在`);
        const givenDivision = r.division('divisionCode');
        const countText = r.text('employeeCount', true, 10);
        let employeeCount: number | undefined;
        if (countText !== undefined) {
          if (/^\d{1,9}$/.test(countText)) employeeCount = Number(countText);
          else r.problem('employeeCount', 'INVALID_NUMBER', `“${clip(countText)}”应为非负整数`);
        }
        const contactName = r.text('contactName', false, 100) ?? null;
        const contactPhone = r.phone('contactPhone');
        let divisionCode: string | undefined;
        if (code && givenDivision !== undefined) {
          divisionCode = givenDivision ?? defaultDivision(code.divisionCode);
          if (!divisionCode)
            r.problem('divisionCode', 'REQUIRED', '无法从信用代码确定所在地区，请填写所在地区代码');
          else r.inScope(divisionCode, givenDivision ? 'divisionCode' : 'creditCode');
        }
        if (code && duplicate(r, code.normalized!, src.row, 'creditCode'))
          return { record: undefined, problems: r.problems };
        if (
          r.problems.length > 0 ||
          !code?.normalized ||
          !name ||
          !industry ||
          !divisionCode ||
          employeeCount === undefined ||
          contactPhone === undefined
        )
          return { record: undefined, problems: r.problems };
        return {
          record: {
            row: src.row,
            creditCode: code.normalized,
            name,
            industry,
            divisionCode,
            employeeCount,
            contactName,
            contactPhone,
          } satisfies EnterpriseRecord,
          problems: [],
        };
      };
    case 'work-records':
      return (src) => {
        const r = new RowReader(src, header, ctx);
        const id = r.idNumber('idNumber');
        const employerName = r.text('employerName', true);
        const employer = r.creditCode('employerCreditCode', false);
        const post = r.text('post', true);
        const safetyManagement = r.boolean('safetyManagement', true);
        const startedOn = r.date('startedOn', true);
        const endedOn = r.date('endedOn', false);
        if (startedOn && endedOn && endedOn < startedOn)
          r.problem('endedOn', 'INVALID_PERIOD', '结束日期早于开始日期');
        if (id && employerName && post && startedOn) {
          const key = `${id.normalized}\u0000${employerName}\u0000${post}\u0000${startedOn}`;
          if (duplicate(r, key, src.row, null)) return { record: undefined, problems: r.problems };
        }
        if (
          r.problems.length > 0 ||
          !id ||
          !employerName ||
          !post ||
          safetyManagement === undefined ||
          !startedOn
        )
          return { record: undefined, problems: r.problems };
        return {
          record: {
            row: src.row,
            idNumber: id.normalized,
            employerName,
            employerCreditCode: employer?.normalized ?? null,
            post,
            safetyManagement,
            startedOn,
            endedOn: endedOn ?? null,
          } satisfies WorkRecord,
          problems: [],
        };
      };
    case 'training-records':
      return (src) => {
        const r = new RowReader(src, header, ctx);
        const id = r.idNumber('idNumber');
        const provider = r.text('provider', true);
        const course = r.text('course', true);
        const hoursText = r.text('hours', true, 10);
        let hours: string | undefined;
        if (hoursText !== undefined) {
          const n = Number(hoursText);
          if (!/^\d{1,5}(\.\d)?$/.test(hoursText) || !(n > 0))
            r.problem('hours', 'INVALID_NUMBER', `“${clip(hoursText)}”应为大于 0 的数，最多一位小数`);
          else hours = n.toFixed(1);
        }
        const completedOn = r.date('completedOn', true);
        if (id && provider && course && completedOn) {
          const key = `${id.normalized}\u0000${provider}\u0000${course}\u0000${completedOn}`;
          if (duplicate(r, key, src.row, null)) return { record: undefined, problems: r.problems };
        }
        if (r.problems.length > 0 || !id || !provider || !course || !hours || !completedOn)
          return { record: undefined, problems: r.problems };
        return {
          record: {
            row: src.row,
            idNumber: id.normalized,
            provider,
            course,
            hours,
            completedOn,
          } satisfies TrainingRecord,
          problems: [],
        };
      };
  }
}

/** The division encoded in an identifier, or its successor when it was abolished. */
function defaultDivision(code: string | undefined): string | undefined {
  if (!code) return undefined;
  const division = getDivision(code);
  if (!division) return undefined;
  if (division.abolishedOn) return division.successorCode ?? undefined;
  return division.code;
}

function readEducation(r: RowReader): EducationRecord | null | undefined {
  const keys = ['educationLevel', 'major', 'safetyRelated', 'school', 'graduatedOn'];
  if (keys.every((k) => r.raw(k) === '')) return null;
  const levelText = r.text('educationLevel', true, 20);
  const level = levelText ? EDUCATION_LEVELS[levelText] : undefined;
  if (levelText && !level)
    r.problem(
      'educationLevel',
      'INVALID_VALUE',
      `学历“${clip(levelText)}”应为 高中/中专、大专、本科、硕士、博士 之一`,
    );
  const major = r.text('major', true);
  const safetyRelated = r.boolean('safetyRelated', true);
  const school = r.text('school', true);
  const graduatedOn = r.date('graduatedOn', true);
  if (!level || !major || safetyRelated === undefined || !school || !graduatedOn) return undefined;
  return { level, major, safetyRelated, school, graduatedOn };
}

function readStaff(r: RowReader, today: string): StaffRecord | undefined {
  const post = r.text('post', false) ?? '从业人员';
  const safetyManagement = r.raw('safetyManagement') ? r.boolean('safetyManagement', false) : false;
  const fullTime = r.raw('fullTime') ? r.boolean('fullTime', false) : false;
  const startedOn = r.raw('startedOn') ? r.date('startedOn', false) : today;
  if (safetyManagement === undefined || fullTime === undefined || !startedOn) return undefined;
  return { post, safetyManagement, fullTime, startedOn };
}

/** Masked identity number for messages (never the full number in an error report). */
export function maskedId(idNumber: string): string {
  return maskCitizenId(idNumber);
}
