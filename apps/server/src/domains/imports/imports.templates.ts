import type { ImportKindCode } from '@anzheng/contracts';
import ExcelJS from 'exceljs';
import { IMPORT_COLUMNS, type ImportColumn } from './imports.columns.ts';

/** Import templates: the header row to fill in (docs/imports.md lists the same columns). */

export const TEMPLATE_NAMES: Record<ImportKindCode, string> = {
  persons: '人员档案导入模板',
  enterprises: '企业信息导入模板',
  'work-records': '工作经历导入模板',
  'training-records': '培训记录导入模板',
};

/** UTF-8 with BOM, so Excel on Windows opens the Chinese headers correctly. */
export function csvTemplate(kind: ImportKindCode): Buffer {
  return Buffer.from(`\uFEFF${IMPORT_COLUMNS[kind].map((c) => c.header).join(',')}\r\n`, 'utf8');
}

/**
 * The XLSX template: a data sheet whose identifier columns are formatted as text (Excel
 * would otherwise turn an 18-digit ID number into 1.10105E+17 and lose the last digits),
 * and a 说明 sheet describing each column.
 */
export async function xlsxTemplate(kind: ImportKindCode): Promise<Buffer> {
  const columns: readonly ImportColumn[] = IMPORT_COLUMNS[kind];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'anzheng';
  const sheet = workbook.addWorksheet('导入数据', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(12, c.header.length * 2 + 4, c.text ? 22 : 0),
    ...(c.text ? { style: { numFmt: '@' } } : {}),
  }));
  const head = sheet.getRow(1);
  head.font = { bold: true };
  columns.forEach((c, i) => {
    if (c.required)
      head.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  });
  const notes = workbook.addWorksheet('说明');
  notes.columns = [
    { header: '列名', key: 'header', width: 22 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '说明', key: 'note', width: 80 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of columns)
    notes.addRow({ header: c.header, required: c.required ? '必填' : '可空', note: c.note });
  notes.addRow({});
  notes.addRow({
    header: '提示',
    note: '只读取第一个工作表；表头须在第一行；列的顺序不限，多余的列会被忽略。',
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
