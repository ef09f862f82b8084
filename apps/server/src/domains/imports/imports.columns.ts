import type { ImportKindCode } from '@anzheng/contracts';

/**
 * The Chinese template headers of each import kind (docs/imports.md). `required` columns
 * must be present in the header row (else the whole file fails IMPORT_MISSING_COLUMNS) and
 * filled in every row; optional columns may be left out of the file altogether.
 */
export interface ImportColumn {
  /** Header text in the template (the only spelling accepted, apart from spaces and a trailing `*`). */
  header: string;
  key: string;
  required: boolean;
  /** Shown in the XLSX template's 说明 sheet and in docs/imports.md. */
  note: string;
  /** Kept as text in the XLSX template (long digit strings that Excel would round). */
  text?: boolean;
}

const BOOL_NOTE = '是/否（也接受 Y/N、1/0、true/false）';
const DATE_NOTE = '日期，如 2024-06-30（也接受 2024/6/30、20240630）；不得晚于今天';

export const IMPORT_COLUMNS: Record<ImportKindCode, readonly ImportColumn[]> = {
  persons: [
    { header: '姓名', key: 'name', required: true, note: '1–100 个字符' },
    {
      header: '身份证号',
      key: 'idNumber',
      required: true,
      text: true,
      note: '18 位居民身份证号（GB 11643，校验码、出生日期、地址码都会检查；15 位旧号自动升位）',
    },
    { header: '手机号', key: 'phone', required: false, text: true, note: '可空' },
    {
      header: '所在地区代码',
      key: 'divisionCode',
      required: false,
      text: true,
      note: '6 位行政区划代码（GB/T 2260）；空则取身份证号的地址码',
    },
    {
      header: '学历',
      key: 'educationLevel',
      required: false,
      note: '高中/中专、大专、本科、硕士、博士；学历五列要么都空，要么都填',
    },
    { header: '专业', key: 'major', required: false, note: '与学历一起填写' },
    { header: '是否安全相关专业', key: 'safetyRelated', required: false, note: BOOL_NOTE },
    { header: '毕业学校', key: 'school', required: false, note: '与学历一起填写' },
    { header: '毕业日期', key: 'graduatedOn', required: false, note: DATE_NOTE },
  ],
  enterprises: [
    {
      header: '统一社会信用代码',
      key: 'creditCode',
      required: true,
      text: true,
      note: '18 位（GB 32100，校验码会检查）',
    },
    { header: '企业名称', key: 'name', required: true, note: '1–200 个字符' },
    {
      header: '行业代码',
      key: 'industryCode',
      required: true,
      note: '系统行业代码（如 mining、hazardous_chemicals）或行业名称（如 矿山）',
    },
    {
      header: '所在地区代码',
      key: 'divisionCode',
      required: false,
      text: true,
      note: '6 位行政区划代码；空则取信用代码中的登记管理机关行政区划',
    },
    { header: '从业人数', key: 'employeeCount', required: true, note: '非负整数' },
    { header: '联系人', key: 'contactName', required: false, note: '可空' },
    { header: '联系电话', key: 'contactPhone', required: false, text: true, note: '可空' },
  ],
  'work-records': [
    { header: '身份证号', key: 'idNumber', required: true, text: true, note: '须已有人员档案' },
    { header: '单位名称', key: 'employerName', required: true, note: '1–200 个字符' },
    {
      header: '单位统一社会信用代码',
      key: 'employerCreditCode',
      required: false,
      text: true,
      note: '可空；填写则校验',
    },
    { header: '岗位', key: 'post', required: true, note: '1–200 个字符' },
    { header: '是否安全管理岗位', key: 'safetyManagement', required: true, note: BOOL_NOTE },
    { header: '开始日期', key: 'startedOn', required: true, note: DATE_NOTE },
    { header: '结束日期', key: 'endedOn', required: false, note: '空表示仍在岗；不得早于开始日期' },
  ],
  'training-records': [
    { header: '身份证号', key: 'idNumber', required: true, text: true, note: '须已有人员档案' },
    { header: '培训机构', key: 'provider', required: true, note: '1–200 个字符' },
    { header: '课程', key: 'course', required: true, note: '1–200 个字符' },
    { header: '学时', key: 'hours', required: true, note: '大于 0，最多一位小数，如 16 或 7.5' },
    { header: '完成日期', key: 'completedOn', required: true, note: DATE_NOTE },
  ],
};

/**
 * Extra columns read from a persons file uploaded by an enterprise admin/archivist: the
 * persons become the enterprise's staff (REQ-POST-5). Not in the general template.
 */
export const STAFF_COLUMNS: readonly ImportColumn[] = [
  { header: '岗位', key: 'post', required: false, note: '企业导入时的岗位；空则为“从业人员”' },
  { header: '是否安全管理岗位', key: 'safetyManagement', required: false, note: BOOL_NOTE },
  { header: '是否专职', key: 'fullTime', required: false, note: BOOL_NOTE },
  { header: '入职日期', key: 'startedOn', required: false, note: '空则为导入当天' },
];

/** Header text as typed: spaces (incl. full-width) and a trailing required-marker `*` ignored. */
export function normalizeHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[*＊]+$/, '');
}

export interface HeaderMap {
  /** key → index of the column in each row */
  index: Map<string, number>;
  /** key → header as in the template */
  headers: Map<string, string>;
}

export type HeaderProblem =
  | { code: 'IMPORT_MISSING_COLUMNS'; columns: string[] }
  | { code: 'IMPORT_DUPLICATE_COLUMNS'; columns: string[] };

/** Maps the header row onto a kind's columns; unknown headers (序号, 备注 …) are ignored. */
export function mapHeader(
  cells: readonly string[],
  columns: readonly ImportColumn[],
): HeaderMap | HeaderProblem {
  const byHeader = new Map(columns.map((c) => [c.header, c]));
  const index = new Map<string, number>();
  const headers = new Map<string, string>();
  const duplicates = new Set<string>();
  cells.forEach((cell, i) => {
    const column = byHeader.get(normalizeHeader(cell));
    if (!column) return;
    if (index.has(column.key)) duplicates.add(column.header);
    else {
      index.set(column.key, i);
      headers.set(column.key, column.header);
    }
  });
  if (duplicates.size > 0) return { code: 'IMPORT_DUPLICATE_COLUMNS', columns: [...duplicates] };
  const missing = columns.filter((c) => c.required && !index.has(c.key)).map((c) => c.header);
  if (missing.length > 0) return { code: 'IMPORT_MISSING_COLUMNS', columns: missing };
  return { index, headers };
}
