/**
 * Writes a persons import file of N rows with valid, distinct identity numbers
 * (`node --import tsx bench/import/generate.ts <rows> <out.csv> [seed]`). Runs in its own
 * process so the benchmark's peak RSS is the import's, not the generator's.
 */
import fs from 'node:fs';
import { generateCitizenId, mulberry32 } from '@anzheng/identifiers';

const [rowsArg, out, seedArg] = process.argv.slice(2);
const rows = Number(rowsArg);
if (!Number.isInteger(rows) || rows < 1 || !out) {
  process.stderr.write('usage: generate.ts <rows> <out.csv> [seed]\n');
  process.exit(2);
}
const rand = mulberry32(Number(seedArg ?? 2026));

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红文斌宇浩凯健俊帆帅旭宁龙林欣雪琳晨辰阳佳怡嘉博';
const LEVELS = ['高中/中专', '大专', '本科', '本科', '硕士', '博士'];
const MAJORS = ['安全工程', '采矿工程', '化学工程与工艺', '土木工程', '机械工程', '工商管理', '电气工程'];
const SCHOOLS = ['中国矿业大学', '中南大学', '华南理工大学', '北京科技大学', '西安科技大学', '应急管理大学'];
const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;

const seen = new Set<string>();
const stream = fs.createWriteStream(out);
stream.write('\uFEFF姓名,身份证号,手机号,所在地区代码,学历,专业,是否安全相关专业,毕业学校,毕业日期\n');
let buffer = '';
for (let i = 0; i < rows; i++) {
  let id = generateCitizenId(rand);
  while (seen.has(id)) id = generateCitizenId(rand);
  seen.add(id);
  const name = pick([...SURNAMES]) + pick([...GIVEN]) + (rand() < 0.6 ? pick([...GIVEN]) : '');
  const phone = `1${3 + Math.floor(rand() * 7)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
  const birthYear = Number(id.slice(6, 10));
  const graduated = `${Math.min(2025, birthYear + 22)}-07-01`;
  buffer +=
    rand() < 0.8
      ? `${name},${id},${phone},,${pick(LEVELS)},${pick(MAJORS)},${rand() < 0.3 ? '是' : '否'},${pick(SCHOOLS)},${graduated}\n`
      : `${name},${id},${phone},,,,,,\n`;
  if (buffer.length > 1 << 20) {
    if (!stream.write(buffer)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    buffer = '';
  }
}
stream.end(buffer);
await new Promise<void>((resolve) => stream.once('finish', () => resolve()));
