import type { ItemAnswerKey, ItemBody } from '@anzheng/contracts';

/** One item as exchanged through QTI 3.0 (docs/exam-analysis.md §2). */
export interface QtiItemInput {
  /** QTI identifier (letters, digits, `_ . -`, starting with a letter or `_`). */
  identifier: string;
  title: string;
  body: ItemBody;
  answerKey: ItemAnswerKey;
  /** Maximum score; written as the MAXSCORE outcome. */
  points: number;
  /** Competency codes; carried as `data-anzheng-competencies` on `qti-item-body`. */
  competencies?: string[];
  /** Law / standard article; carried as `data-anzheng-source` on `qti-item-body`. */
  source?: string;
}

export interface QtiTestSection {
  identifier: string;
  title: string;
  itemIdentifiers: string[];
  /** `qti-selection select="N"`: draw N of the section's items. */
  select?: number;
  /** `qti-ordering shuffle="true"`. */
  shuffle?: boolean;
}

/** `qti-assessment-test` with one `qti-test-part`. */
export interface QtiTestInput {
  identifier: string;
  title: string;
  /** `qti-time-limits max-time` (seconds) on the test part. */
  timeLimitSeconds?: number;
  sections: QtiTestSection[];
}

export interface QtiIssue {
  /** File inside the package. */
  file: string;
  /** Where in the file, e.g. `qti-item-body/qti-choice-interaction`. */
  path: string;
  message: string;
}

export interface QtiImportResult {
  items: QtiItemInput[];
  test?: QtiTestInput;
  /** Items or files that could not be imported. */
  errors: QtiIssue[];
  /** Content imported with a loss (e.g. an image dropped from a stem). */
  warnings: QtiIssue[];
}

export const QTI_NS = 'http://www.imsglobal.org/xsd/imsqtiasi_v3p0';
export const QTI_XSD = 'https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqti_asiv3p0_v1p0.xsd';
export const CP_NS = 'http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1';
export const CP_XSD = 'https://purl.imsglobal.org/spec/qti/v3p0/schema/xsd/imsqtiv3p0_imscpv1p2_v1p0.xsd';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
export const RP_TEMPLATE_BASE = 'https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/';
export const MATCH_CORRECT = `${RP_TEMPLATE_BASE}match_correct.xml`;
export const MAP_RESPONSE = `${RP_TEMPLATE_BASE}map_response.xml`;
export const ITEM_RESOURCE_TYPE = 'imsqti_item_xmlv3p0';
export const TEST_RESOURCE_TYPE = 'imsqti_test_xmlv3p0';

export const QTI_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** A fill-in blank in the stem (packages/contracts/src/exam-item.ts). */
export const BLANK_MARKER = /（_+）/g;
export const CANONICAL_BLANK = '（____）';
