import { type ErrorDetail, ValidationError } from '@anzheng/contracts';

/** Bad input to the statistics calculator (docs/exam-analysis.md §1). */
export class StatisticsInputError extends ValidationError {
  constructor(field: string, message: string) {
    super('EXAM_STATISTICS_INPUT_INVALID', `考试统计输入无效：${message}`, [
      { field, code: 'EXAM_STATISTICS_INPUT_INVALID', message },
    ]);
  }
}

/** An item cannot be written as QTI 3.0 (docs/exam-analysis.md §2). */
export class QtiExportError extends ValidationError {
  constructor(details: ErrorDetail[]) {
    super(
      'QTI_EXPORT_INVALID_ITEM',
      `无法导出为 QTI 3.0：${details.map((d) => `${d.field} ${d.message}`).join('；')}`,
      details,
    );
  }
}

/** The uploaded file is not a ZIP package this reader can open. */
export class ZipFormatError extends ValidationError {
  constructor(message: string) {
    super('QTI_PACKAGE_INVALID', `QTI 包不是有效的 ZIP 文件：${message}`, [
      { field: 'file', code: 'QTI_PACKAGE_INVALID', message },
    ]);
  }
}
