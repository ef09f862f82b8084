import type { ErrorDetail } from '@anzheng/contracts';
import { QtiExportError } from './analysis.errors.ts';
import { readQtiItem } from './qti-item-reader.ts';
import { writeQtiItem } from './qti-item-writer.ts';
import {
  CP_NS,
  CP_XSD,
  ITEM_RESOURCE_TYPE,
  QTI_IDENTIFIER,
  QTI_NS,
  QTI_XSD,
  type QtiImportResult,
  type QtiItemInput,
  type QtiTestInput,
  type QtiTestSection,
  TEST_RESOURCE_TYPE,
  XSI_NS,
} from './qti-types.ts';
import { el, elements, firstElement, parseXml, type XElement, XML_DECLARATION } from './qti-xml.ts';
import { readZip, writeZip } from './zip.ts';

/**
 * QTI 3.0 content packages (IMS CP manifest + one XML file per item + an optional
 * `qti-assessment-test`) for the item bank's import and export (REQ-EXAM-3: third parties
 * write questions in their own tools). docs/exam-analysis.md §2.
 */

export { readQtiItem } from './qti-item-reader.ts';
export { writeQtiItem } from './qti-item-writer.ts';
export type {
  QtiImportResult,
  QtiIssue,
  QtiItemInput,
  QtiTestInput,
  QtiTestSection,
} from './qti-types.ts';
export { validateQtiItem } from './qti-validate.ts';

const itemPath = (id: string) => `items/${id}.xml`;
const testPath = (id: string) => `tests/${id}.xml`;

export function exportQtiPackage(items: QtiItemInput[], test?: QtiTestInput): Uint8Array {
  const problems: ErrorDetail[] = [];
  const ids = new Set<string>();
  items.forEach((item, i) => {
    if (ids.has(item.identifier)) {
      problems.push({
        field: `items[${i}].identifier`,
        code: 'QTI_EXPORT_INVALID_ITEM',
        message: `试题标识 ${item.identifier} 重复`,
      });
    }
    ids.add(item.identifier);
  });
  if (test) problems.push(...validateTest(test, ids));
  if (problems.length) throw new QtiExportError(problems);

  const encoder = new TextEncoder();
  const files = items.map((item) => ({
    name: itemPath(item.identifier),
    data: encoder.encode(writeQtiItem(item)),
  }));
  if (test) files.push({ name: testPath(test.identifier), data: encoder.encode(writeTest(test)) });
  return writeZip([{ name: 'imsmanifest.xml', data: encoder.encode(writeManifest(items, test)) }, ...files]);
}

function validateTest(test: QtiTestInput, itemIds: Set<string>): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const add = (field: string, message: string) =>
    out.push({ field, code: 'QTI_EXPORT_INVALID_TEST', message });
  if (!QTI_IDENTIFIER.test(test.identifier))
    add('test.identifier', `试卷标识 “${test.identifier}” 不是合法的 QTI 标识`);
  if (!test.sections.length) add('test.sections', '试卷至少需要 1 个部分');
  if (test.timeLimitSeconds !== undefined && !(test.timeLimitSeconds > 0))
    add('test.timeLimitSeconds', '考试时长必须大于 0');
  test.sections.forEach((s, i) => {
    if (!QTI_IDENTIFIER.test(s.identifier))
      add(`test.sections[${i}].identifier`, `部分标识 “${s.identifier}” 不合法`);
    for (const id of s.itemIdentifiers) {
      if (!itemIds.has(id)) add(`test.sections[${i}].itemIdentifiers`, `试题 ${id} 不在导出的试题中`);
    }
    if (
      s.select !== undefined &&
      !(Number.isInteger(s.select) && s.select >= 1 && s.select <= s.itemIdentifiers.length)
    ) {
      add(`test.sections[${i}].select`, `抽题数 ${s.select} 必须在 1 到 ${s.itemIdentifiers.length} 之间`);
    }
  });
  return out;
}

function writeTest(test: QtiTestInput): string {
  return (
    XML_DECLARATION +
    el(
      'qti-assessment-test',
      {
        xmlns: QTI_NS,
        'xmlns:xsi': XSI_NS,
        'xsi:schemaLocation': `${QTI_NS} ${QTI_XSD}`,
        identifier: test.identifier,
        title: test.title,
      },
      el(
        'qti-test-part',
        { identifier: 'part-1', 'navigation-mode': 'nonlinear', 'submission-mode': 'simultaneous' },
        test.timeLimitSeconds !== undefined
          ? el('qti-time-limits', { 'max-time': test.timeLimitSeconds })
          : '',
        ...test.sections.map((s) =>
          el(
            'qti-assessment-section',
            { identifier: s.identifier, title: s.title, visible: 'true' },
            s.select !== undefined ? el('qti-selection', { select: s.select }) : '',
            s.shuffle !== undefined ? el('qti-ordering', { shuffle: s.shuffle ? 'true' : 'false' }) : '',
            ...s.itemIdentifiers.map((id) =>
              el('qti-assessment-item-ref', { identifier: id, href: `../${itemPath(id)}` }),
            ),
          ),
        ),
      ),
    )
  );
}

function writeManifest(items: QtiItemInput[], test?: QtiTestInput): string {
  const itemResources = items.map((item) =>
    el(
      'resource',
      { identifier: `ITEM-${item.identifier}`, type: ITEM_RESOURCE_TYPE, href: itemPath(item.identifier) },
      el('file', { href: itemPath(item.identifier) }),
    ),
  );
  const testResource = test
    ? el(
        'resource',
        { identifier: `TEST-${test.identifier}`, type: TEST_RESOURCE_TYPE, href: testPath(test.identifier) },
        el('file', { href: testPath(test.identifier) }),
        ...[...new Set(test.sections.flatMap((s) => s.itemIdentifiers))].map((id) =>
          el('dependency', { identifierref: `ITEM-${id}` }),
        ),
      )
    : '';
  return (
    XML_DECLARATION +
    el(
      'manifest',
      {
        xmlns: CP_NS,
        'xmlns:xsi': XSI_NS,
        'xsi:schemaLocation': `${CP_NS} ${CP_XSD}`,
        identifier: `MANIFEST-${test?.identifier ?? 'items'}`,
      },
      el('metadata', {}, el('schema', {}, 'QTI Package'), el('schemaversion', {}, '3.0.0')),
      el('organizations'),
      el('resources', {}, testResource, ...itemResources),
    )
  );
}

// ---------------------------------------------------------------------------------------

/**
 * Reads a package. Throws QTI_PACKAGE_INVALID when the bytes are not a ZIP; everything else
 * (a bad item, a missing file) is reported per file in `errors` and the rest is imported.
 */
export function importQtiPackage(bytes: Uint8Array): QtiImportResult {
  const files = new Map(readZip(bytes).map((e) => [e.name, e.data]));
  const decoder = new TextDecoder();
  const text = (name: string) => decoder.decode(files.get(name));
  const result: QtiImportResult = { items: [], errors: [], warnings: [] };

  let itemFiles: string[];
  let testFiles: string[];
  if (files.has('imsmanifest.xml')) {
    const resources = readManifest(text('imsmanifest.xml'), result);
    itemFiles = resources.filter((r) => r.type === ITEM_RESOURCE_TYPE).map((r) => r.href);
    testFiles = resources.filter((r) => r.type === TEST_RESOURCE_TYPE).map((r) => r.href);
    for (const r of resources) {
      if (r.type.startsWith('imsqti_') && !r.type.endsWith('v3p0')) {
        result.errors.push({
          file: 'imsmanifest.xml',
          path: `resource[@href="${r.href}"]`,
          message: `资源类型 ${r.type} 不是 QTI 3.0，未导入`,
        });
      }
    }
  } else {
    result.warnings.push({
      file: 'imsmanifest.xml',
      path: '',
      message: '包中没有 imsmanifest.xml，按文件内容识别试题',
    });
    const xmlFiles = [...files.keys()].filter((n) => n.endsWith('.xml'));
    itemFiles = xmlFiles.filter((n) => /<(\w+:)?qti-assessment-item[\s>]/.test(text(n)));
    testFiles = xmlFiles.filter((n) => /<(\w+:)?qti-assessment-test[\s>]/.test(text(n)));
  }

  const identifierByFile = new Map<string, string>();
  for (const file of itemFiles) {
    if (!files.has(file)) {
      result.errors.push({ file, path: '', message: '清单中列出的文件不在包中' });
      continue;
    }
    const read = readQtiItem(text(file), file);
    result.errors.push(...read.errors);
    result.warnings.push(...read.warnings);
    if (!read.item) continue;
    if (result.items.some((i) => i.identifier === read.item!.identifier)) {
      result.errors.push({
        file,
        path: 'qti-assessment-item/@identifier',
        message: `试题标识 ${read.item.identifier} 重复，未导入`,
      });
      continue;
    }
    identifierByFile.set(file, read.item.identifier);
    result.items.push(read.item);
  }
  const testFile = testFiles[0];
  if (testFile) {
    if (testFiles.length > 1) {
      result.warnings.push({ file: testFiles[1]!, path: '', message: '包中有多份试卷，只导入第一份' });
    }
    if (!files.has(testFile))
      result.errors.push({ file: testFile, path: '', message: '清单中列出的文件不在包中' });
    else {
      const test = readTest(text(testFile), testFile, identifierByFile, result);
      if (test) result.test = test;
    }
  }
  return result;
}

interface Resource {
  type: string;
  href: string;
}

function readManifest(xml: string, result: QtiImportResult): Resource[] {
  const parsed = parseXml(xml);
  if (!parsed.ok) {
    result.errors.push({ file: 'imsmanifest.xml', path: '', message: parsed.message });
    return [];
  }
  const resources = firstElement(parsed.root, 'resources');
  return resources
    ? elements(resources, 'resource').map((r) => ({ type: r.attrs.type ?? '', href: r.attrs.href ?? '' }))
    : [];
}

function readTest(
  xml: string,
  file: string,
  identifierByFile: Map<string, string>,
  result: QtiImportResult,
): QtiTestInput | undefined {
  const issue = (path: string, message: string) => result.errors.push({ file, path, message });
  const parsed = parseXml(xml);
  if (!parsed.ok) {
    issue('', parsed.message);
    return undefined;
  }
  const root = parsed.root;
  if (root.name !== 'qti-assessment-test') {
    issue(root.name, `根元素应为 qti-assessment-test，实际为 ${root.name}`);
    return undefined;
  }
  const parts = elements(root, 'qti-test-part');
  if (parts.length > 1)
    result.warnings.push({ file, path: 'qti-test-part', message: '多个 qti-test-part 合并为一个' });
  const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  const sections: QtiTestSection[] = [];
  let timeLimit: number | undefined;
  for (const part of parts) {
    const limit = firstElement(part, 'qti-time-limits') ?? firstElement(root, 'qti-time-limits');
    if (limit?.attrs['max-time'] !== undefined) timeLimit = Number(limit.attrs['max-time']);
    const walk = (section: XElement) => {
      const itemIdentifiers: string[] = [];
      for (const ref of elements(section, 'qti-assessment-item-ref')) {
        const id = identifierByFile.get(resolveHref(base, ref.attrs.href ?? ''));
        if (id) itemIdentifiers.push(id);
        else
          issue(
            `qti-assessment-item-ref[@identifier="${ref.attrs.identifier ?? ''}"]`,
            `引用的试题 ${ref.attrs.href ?? ''} 未导入`,
          );
      }
      const s: QtiTestSection = {
        identifier: section.attrs.identifier ?? `section-${sections.length + 1}`,
        title: section.attrs.title ?? '',
        itemIdentifiers,
      };
      const select = firstElement(section, 'qti-selection')?.attrs.select;
      if (select !== undefined) s.select = Number(select);
      const shuffle = firstElement(section, 'qti-ordering')?.attrs.shuffle;
      if (shuffle !== undefined) s.shuffle = shuffle === 'true';
      sections.push(s);
      const nested = elements(section, 'qti-assessment-section');
      if (nested.length) {
        result.warnings.push({ file, path: 'qti-assessment-section', message: '嵌套的部分已展开为同级部分' });
        nested.forEach(walk);
      }
    };
    elements(part, 'qti-assessment-section').forEach(walk);
  }
  const test: QtiTestInput = {
    identifier: root.attrs.identifier ?? 'test',
    title: root.attrs.title ?? '',
    sections,
  };
  if (timeLimit !== undefined && Number.isFinite(timeLimit)) test.timeLimitSeconds = timeLimit;
  return test;
}

/** `../items/a.xml` relative to `tests/` → `items/a.xml`. */
function resolveHref(base: string, href: string): string {
  const out: string[] = [];
  for (const seg of (base + href).split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}
