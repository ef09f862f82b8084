import type { CertificateModule, CompetencyModel, LevelCode } from '@anzheng/contracts';
import type { JsonValue } from '@anzheng/db';

/**
 * Seed reference data loaded by the start-up sync (reference.sync.ts). Industries are
 * authoritative here (re-synced when changed); certificate types and rule parameters are
 * only inserted when missing, so changes made through the API are never overwritten.
 * docs/reference-data.md explains every value and its source.
 */

/** Legal basis of the high-risk flag: 《安全生产法》(2021) art. 24 lists these sectors. */
export const HIGH_RISK_BASIS = '《安全生产法》第二十四条';

export interface IndustrySeed {
  code: string;
  name: string;
  highRisk: boolean;
  parentCode: string | null;
  gbt4754Codes: string[];
}

const section = (code: string, name: string, highRisk = false): IndustrySeed => ({
  code,
  name,
  highRisk,
  parentCode: null,
  gbt4754Codes: [code],
});

/**
 * GB/T 4754-2017 sections (门类, letter codes), and under them the sectors 《安全生产法》
 * art. 24 names (矿山、金属冶炼、建筑施工、运输、危险物品的生产经营储存装卸) plus the
 * general manufacturing sector. Sector codes are stable snake_case words: certificate types
 * and rule parameters refer to them.
 */
export const INDUSTRIES: readonly IndustrySeed[] = [
  section('A', '农、林、牧、渔业'),
  section('B', '采矿业', true),
  {
    code: 'mining',
    name: '矿山',
    highRisk: true,
    parentCode: 'B',
    gbt4754Codes: ['B06', 'B08', 'B09', 'B10', 'B12'],
  },
  section('C', '制造业'),
  {
    code: 'hazardous_chemicals',
    name: '危险化学品（生产、经营、储存、装卸）',
    highRisk: true,
    parentCode: 'C',
    gbt4754Codes: ['C25', 'C26', 'F5162', 'F5169', 'F5265', 'G594'],
  },
  { code: 'metal_smelting', name: '金属冶炼', highRisk: true, parentCode: 'C', gbt4754Codes: ['C31', 'C32'] },
  {
    code: 'general_manufacturing',
    name: '一般制造业',
    highRisk: false,
    parentCode: 'C',
    gbt4754Codes: ['C'],
  },
  section('D', '电力、热力、燃气及水生产和供应业'),
  section('E', '建筑业', true),
  {
    code: 'construction',
    name: '建筑施工',
    highRisk: true,
    parentCode: 'E',
    gbt4754Codes: ['E47', 'E48', 'E49', 'E50'],
  },
  section('F', '批发和零售业'),
  section('G', '交通运输、仓储和邮政业'),
  { code: 'road_transport', name: '道路运输', highRisk: true, parentCode: 'G', gbt4754Codes: ['G54'] },
  { code: 'waterway_transport', name: '水路运输', highRisk: true, parentCode: 'G', gbt4754Codes: ['G55'] },
  section('H', '住宿和餐饮业'),
  section('I', '信息传输、软件和信息技术服务业'),
  section('J', '金融业'),
  section('K', '房地产业'),
  section('L', '租赁和商务服务业'),
  section('M', '科学研究和技术服务业'),
  section('N', '水利、环境和公共设施管理业'),
  section('O', '居民服务、修理和其他服务业'),
  section('P', '教育'),
  section('Q', '卫生和社会工作'),
  section('R', '文化、体育和娱乐业'),
  section('S', '公共管理、社会保障和社会组织'),
  section('T', '国际组织'),
];

// ---------------------------------------------------------------------------------------
// Certificate types

/** Dataset start: the 2021 revision of 《安全生产法》 took effect on 2021-09-01. */
export const SEED_EFFECTIVE_FROM = '2021-09-01';
const MODULE_VERSION = '2026.1';

/** The stable base modules every certificate shares (seed §6.2.1: 基础模块保持稳定). */
const BASE_MODULES: CertificateModule[] = [
  { code: 'BASE-LAW', name: '安全生产法律法规与标准规范', kind: 'base', version: MODULE_VERSION },
  { code: 'BASE-MGMT', name: '安全管理理论与方法', kind: 'base', version: MODULE_VERSION },
  { code: 'BASE-RISK', name: '风险辨识与隐患排查治理', kind: 'base', version: MODULE_VERSION },
  { code: 'BASE-EMERG', name: '应急管理与事故调查', kind: 'base', version: MODULE_VERSION },
];

/** seed §2.2 (三级证书的能力要求) and §2.3 (理论 + 实操 + 业绩). */
const GENERAL_COMPETENCY: CompetencyModel = {
  junior: {
    knowledge: [
      '《安全生产法》等基础安全生产法律法规与岗位安全生产责任',
      '安全生产标准规范、安全操作规程基础',
      '危险源与事故隐患的基本概念、常见类型',
      '劳动防护用品、安全标志与作业现场安全要求',
      '应急处置与自救互救常识',
    ],
    skills: [
      '班组、车间日常安全检查与隐患排查',
      '隐患登记、上报与整改跟踪',
      '班前安全讲话与岗位安全教育',
      '初期事故的现场应急处置与报告',
      '有限空间等危险作业的现场监护',
    ],
    qualities: ['安全责任意识与遵章守纪', '严谨细致、敢于制止“三违”', '沟通协作与班组带动能力'],
  },
  intermediate: {
    knowledge: [
      '安全生产法律法规体系与企业安全生产主体责任',
      '安全生产标准化与安全管理体系构建（双重预防机制）',
      '风险辨识、评估与分级管控方法',
      '事故致因理论与事故调查分析方法（“四不放过”）',
      '应急预案编制与应急演练组织',
      '重大危险源与职业健康管理',
    ],
    skills: [
      '组织开展风险辨识评估与隐患排查治理',
      '构建并运行企业安全管理体系',
      '编制重大危险源管控方案',
      '编制应急预案并组织实战演练',
      '开展事故调查、原因分析与整改措施落实',
      '组织安全教育培训与考核',
    ],
    qualities: ['组织协调与执行能力', '依法依规、实事求是的职业操守', '持续学习新法规、新技术的意识'],
  },
  senior: {
    knowledge: [
      '安全生产方针政策与法律责任体系',
      '企业安全战略规划与安全文化建设',
      '安全投入、安全生产费用提取使用与安全绩效评估',
      '安全政策研究与新技术、新工艺、新业态的风险趋势',
      '国际安全管理标准与实践（如 ISO 45001、CSP、CMIOSH 能力框架）',
    ],
    skills: [
      '制定企业安全战略与中长期安全规划',
      '建立全员安全生产责任制并推动落实',
      '重大风险决策与跨部门协调',
      '重大事故应急指挥与危机沟通',
      '推动安全管理创新与安全文化建设',
    ],
    qualities: ['战略思维与全局观', '担当精神与领导力', '诚信守法、对安全决策的专业性负责'],
  },
};

interface SpecialSeed {
  code: string;
  name: string;
  nameEn: string;
  industryCode: string;
  module: CertificateModule;
  knowledge: string[];
  skills: string[];
}

const SPECIAL_QUALITIES = [
  '对高风险作业的敬畏意识与底线思维',
  '现场决断与应急指挥能力',
  '依法依规、坚持原则',
];

/** seed §2.2: 在矿山、危化品、建筑施工等高危领域增设专项证书. */
const SPECIALS: SpecialSeed[] = [
  {
    code: '01',
    name: '矿山安全管理专项证书',
    nameEn: 'Mine Safety Management Special Certificate',
    industryCode: 'mining',
    module: { code: 'IND-MINE', name: '矿山安全技术与管理', kind: 'industry', version: MODULE_VERSION },
    knowledge: [
      '《矿山安全法》《煤矿安全规程》《金属非金属矿山安全规程》等法规标准',
      '顶板管理、通风、防治水、防灭火与瓦斯防治',
      '矿山机电、提升运输系统安全',
      '尾矿库与排土场安全',
    ],
    skills: [
      '矿山重大灾害风险辨识与重大事故隐患判定',
      '井下作业现场安全监督检查',
      '矿山事故应急救援组织与避险',
    ],
  },
  {
    code: '02',
    name: '危险化学品安全管理专项证书',
    nameEn: 'Hazardous Chemicals Safety Management Special Certificate',
    industryCode: 'hazardous_chemicals',
    module: {
      code: 'IND-HAZCHEM',
      name: '危险化学品安全技术与管理',
      kind: 'industry',
      version: MODULE_VERSION,
    },
    knowledge: [
      '《危险化学品安全管理条例》及相关标准',
      '危险化学品理化特性与危险性分类（GHS）',
      '危险化学品重大危险源辨识与管控',
      '化工过程安全管理（HAZOP、特殊作业、变更管理）',
    ],
    skills: [
      '储罐区、反应装置等关键环节的动态监测与隐患排查',
      '动火、受限空间等特殊作业许可管理',
      '泄漏、火灾、爆炸事故应急处置',
    ],
  },
  {
    code: '03',
    name: '建筑施工安全管理专项证书',
    nameEn: 'Construction Safety Management Special Certificate',
    industryCode: 'construction',
    module: { code: 'IND-CONSTR', name: '建筑施工安全技术与管理', kind: 'industry', version: MODULE_VERSION },
    knowledge: [
      '《建设工程安全生产管理条例》及建筑施工安全标准',
      '脚手架搭设、模板支撑与高处作业防护标准',
      '危险性较大的分部分项工程管理',
      '施工机械、起重吊装与临时用电安全',
    ],
    skills: [
      '施工现场安全检查与隐患整改',
      '危大工程专项施工方案审核与实施监督',
      '坍塌、高处坠落等事故的预防与应急处置',
    ],
  },
  {
    code: '04',
    name: '金属冶炼安全管理专项证书',
    nameEn: 'Metal Smelting Safety Management Special Certificate',
    industryCode: 'metal_smelting',
    module: { code: 'IND-METAL', name: '金属冶炼安全技术与管理', kind: 'industry', version: MODULE_VERSION },
    knowledge: [
      '冶金企业安全生产法规与标准',
      '高温熔融金属、煤气等危险因素及其管控',
      '冶炼设备、冶金起重与有限空间作业安全',
    ],
    skills: [
      '高温熔融金属作业与煤气区域安全监督',
      '冶金企业重大事故隐患判定与治理',
      '煤气中毒、爆炸及钢水外溢事故应急处置',
    ],
  },
  {
    code: '05',
    name: '道路运输安全管理专项证书',
    nameEn: 'Road Transport Safety Management Special Certificate',
    industryCode: 'road_transport',
    module: { code: 'IND-ROAD', name: '道路运输安全技术与管理', kind: 'industry', version: MODULE_VERSION },
    knowledge: [
      '《道路交通安全法》《道路运输条例》等法规',
      '营运车辆技术管理与动态监控',
      '驾驶员安全管理与疲劳驾驶防控',
      '危险货物道路运输安全',
    ],
    skills: ['运输企业安全风险辨识与隐患排查', '车辆动态监控与违法违规处置', '道路交通事故应急处置与调查'],
  },
  {
    code: '06',
    name: '水路运输安全管理专项证书',
    nameEn: 'Waterway Transport Safety Management Special Certificate',
    industryCode: 'waterway_transport',
    module: { code: 'IND-WATER', name: '水路运输安全技术与管理', kind: 'industry', version: MODULE_VERSION },
    knowledge: [
      '《海上交通安全法》《内河交通安全管理条例》等法规',
      '船舶安全管理体系（ISM 规则）',
      '船舶适航、配员与船员管理',
      '水上危险货物运输安全',
    ],
    skills: ['船舶安全检查与隐患排查', '恶劣天气与通航风险管控', '水上险情应急处置与搜救协调'],
  },
];

export interface CertificateTypeSeed {
  code: string;
  name: string;
  nameEn: string;
  kind: 'general' | 'industry_special';
  industryCode: string | null;
  levels: LevelCode[];
  modules: CertificateModule[];
  competencyModel: CompetencyModel;
  effectiveFrom: string;
}

/**
 * '00' is the general certificate with three levels. Each industry special certificate has
 * the single level 'special' (digit 4 in the certificate number, the type code saying which
 * industry); a type configured later may list more levels.
 */
export const CERTIFICATE_TYPES: readonly CertificateTypeSeed[] = [
  {
    code: '00',
    name: '安全生产管理人员职业资格证书',
    nameEn: 'Professional Qualification Certificate for Safety Production Management Personnel',
    kind: 'general',
    industryCode: null,
    levels: ['junior', 'intermediate', 'senior'],
    modules: BASE_MODULES,
    competencyModel: GENERAL_COMPETENCY,
    effectiveFrom: SEED_EFFECTIVE_FROM,
  },
  ...SPECIALS.map(
    (s): CertificateTypeSeed => ({
      code: s.code,
      name: s.name,
      nameEn: s.nameEn,
      kind: 'industry_special',
      industryCode: s.industryCode,
      levels: ['special'],
      modules: [...BASE_MODULES, s.module],
      competencyModel: {
        special: {
          knowledge: [...s.knowledge, ...GENERAL_COMPETENCY.intermediate!.knowledge.slice(0, 2)],
          skills: s.skills,
          qualities: SPECIAL_QUALITIES,
        },
      },
      effectiveFrom: SEED_EFFECTIVE_FROM,
    }),
  ),
];

// ---------------------------------------------------------------------------------------
// Rule parameters (REQ-ORG-2). Keys are read by later domains: never rename one.

export interface RuleParameterSeed {
  key: string;
  value: JsonValue;
  layer: 'national' | 'industry' | 'province';
  level?: LevelCode;
  certificateTypeCode?: string;
  industryCode?: string;
  divisionCode?: string;
  effectiveFrom: string;
  source: string;
}

const national = (key: string, value: JsonValue, source: string, level?: LevelCode): RuleParameterSeed => ({
  key,
  value,
  layer: 'national',
  ...(level ? { level } : {}),
  effectiveFrom: SEED_EFFECTIVE_FROM,
  source,
});

const PROVINCIAL_EFFECTIVE_FROM = '2026-01-01';

export const RULE_PARAMETERS: readonly RuleParameterSeed[] = [
  national('certificate.validity_years', 3, 'seed §2.4（证书注册有效期为3年）；REQ-CERT-1'),
  national(
    'certificate.extension_years',
    1,
    'seed §3.5（连续3年无事故的持证人，证书有效期延长1年）；REQ-CERT-2',
  ),
  national('certificate.extension_accident_free_years', 3, 'seed §3.5（连续3年无事故）；REQ-CERT-2'),
  national('ce.hours_per_year', 24, 'seed §2.5（每年完成不少于24学时的继续教育）；REQ-CE-1'),

  national(
    'exam.weights',
    { theory: 0.6, practical: 0.4, performance: 0 },
    'seed §2.3（初级：理论60%、实操40%）；REQ-EXAM-2',
    'junior',
  ),
  national(
    'exam.weights',
    { theory: 0.3, practical: 0.4, performance: 0.3 },
    'seed §2.3（中级：理论、实操、业绩各占30%、40%、30%）；REQ-EXAM-2',
    'intermediate',
  ),
  national(
    'exam.weights',
    { theory: 0.2, practical: 0.3, performance: 0.5 },
    'seed §2.3（高级：业绩评价占50%）；理论20%、实操30%为默认值（REQ-EXAM-2）',
    'senior',
  ),
  national(
    'exam.weights',
    { theory: 0.6, practical: 0.4, performance: 0 },
    'REQ-EXAM-2 默认值：未单独配置权重的等级（如行业专项）按初级权重（seed §2.3）',
  ),
  national(
    'exam.pass_rules',
    { composite: 60, eachComponent: 60 },
    'REQ-EXAM-2 默认值（综合成绩与各项成绩均不低于60分）',
  ),
  national(
    'exam.master_bonus_points',
    5,
    'seed §3.5（取得硕士以上安全相关专业学历的，给予证书考核加分优惠）；+5分为默认值（REQ-EXAM-6）',
  ),
  national(
    'exam.ban_years_after_revocation',
    3,
    'seed §3.4（三罚联动：对持证人撤销证书并3年内禁考）；REQ-APP-2',
  ),

  national(
    'eligibility.min_education',
    'high_school',
    'seed §2.4（初级：高中及以上学历）；REQ-APP-1',
    'junior',
  ),
  national(
    'eligibility.min_education',
    'junior_college',
    'seed §2.4（中级：大专及以上学历）；REQ-APP-1',
    'intermediate',
  ),
  national('eligibility.min_education', 'bachelor', 'REQ-APP-1 默认值（高级：本科及以上学历）', 'senior'),
  national(
    'eligibility.min_education',
    'high_school',
    'REQ-APP-1 默认值：未单独配置的等级（如行业专项）按初级条件',
  ),
  national(
    'eligibility.min_experience_years',
    2,
    'seed §2.4（初级：从事安全管理工作满2年）；REQ-APP-1',
    'junior',
  ),
  national(
    'eligibility.min_experience_years',
    5,
    'seed §2.4（中级：满5年工作经验）；REQ-APP-1',
    'intermediate',
  ),
  national('eligibility.min_experience_years', 8, 'REQ-APP-1 默认值（高级：满8年）', 'senior'),
  national(
    'eligibility.min_experience_years',
    2,
    'REQ-APP-1 默认值：未单独配置的等级（如行业专项）按初级条件',
  ),
  national(
    'eligibility.prior_level_years',
    { requiredLevel: null, years: 0 },
    'seed §2.4（初级无持证年限要求）',
    'junior',
  ),
  national(
    'eligibility.prior_level_years',
    { requiredLevel: 'junior', years: 3 },
    'seed §2.4（中级：持有初级证书满3年）；REQ-APP-1',
    'intermediate',
  ),
  national(
    'eligibility.prior_level_years',
    { requiredLevel: 'intermediate', years: 3 },
    'REQ-APP-1 默认值（高级：持有中级证书满3年）',
    'senior',
  ),
  national(
    'eligibility.prior_level_years',
    { requiredLevel: null, years: 0 },
    'REQ-APP-1 默认值：未单独配置的等级（如行业专项）按初级条件',
  ),
  national(
    'eligibility.school_route_enabled',
    false,
    'seed §5.2.2（“1+X”：学生在校期间可考取初级证书）；默认关闭，可按省配置（REQ-CE-4）',
  ),

  national(
    'penalty.enterprise_fine_fen',
    { min: 10_000_000, max: 50_000_000 },
    'seed §3.4（三罚联动：对违规企业处以10万-50万元罚款）；REQ-SUP-3',
  ),
  national(
    'inspection.min_sample_ratio',
    0.2,
    'seed §3.4（“双随机一公开”：每年对不少于20%的企业开展持证情况检查）；REQ-SUP-1',
  ),

  national(
    'post.required_level.safety_director',
    'senior',
    'seed §3.5（高级证书作为企业安全负责人任职资格）；REQ-CERT-6',
  ),
  national(
    'post.required_level.safety_supervisor',
    'intermediate',
    'seed §3.5（中级证书作为安全主管岗位晋升必备条件）；REQ-CERT-6',
  ),
  national(
    'licence.certificate_required',
    false,
    'REQ-ORG-2 默认值：国家层面未将证书列为安全生产许可证前置条件',
  ),

  // seed §5.1.1: 江苏省明确化工企业安全总监必须持有高级证书.
  {
    key: 'post.required_level.safety_director',
    value: 'senior',
    layer: 'province',
    industryCode: 'hazardous_chemicals',
    divisionCode: '320000',
    effectiveFrom: PROVINCIAL_EFFECTIVE_FROM,
    source: 'seed §5.1.1 (江苏)',
  },
  // seed §5.1.1: 广东省将证书纳入安全生产许可证前置条件.
  {
    key: 'licence.certificate_required',
    value: true,
    layer: 'province',
    divisionCode: '440000',
    effectiveFrom: PROVINCIAL_EFFECTIVE_FROM,
    source: 'seed §5.1.1 (广东)',
  },
];
