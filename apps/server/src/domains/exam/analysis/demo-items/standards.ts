import { type DemoItem, fillIn, multiple, single, topic, trueFalse } from './build.ts';

/** National and sector standards the general certificate tests (source names clause or table). */

const J = 'junior' as const;
const I = 'intermediate' as const;

// ---------------------------------------------------------------------------------------
// GB 6441-1986 企业职工伤亡事故分类

const gb6441 = topic('gb6441', {
  title: '事故类别',
  source: 'GB 6441-1986《企业职工伤亡事故分类》附录A',
  codes: { junior: 'S4', intermediate: 'K4' },
  competency: 'BASE-EMERG',
  standard: ['GB 6441', '1986'],
});

const ACCIDENT_TYPES = [
  '物体打击',
  '车辆伤害',
  '机械伤害',
  '起重伤害',
  '触电',
  '淹溺',
  '灼烫',
  '火灾',
  '高处坠落',
  '坍塌',
  '中毒和窒息',
  '容器爆炸',
] as const;

const ACCIDENT_CASES: [string, (typeof ACCIDENT_TYPES)[number], string[]][] = [
  ['架子工在 6 m 高的脚手架上拆除连墙件时失足坠落', '高处坠落', ['物体打击', '坍塌', '机械伤害']],
  ['桥式起重机吊运钢板时钢丝绳断裂，钢板坠落砸中下方人员', '起重伤害', ['物体打击', '高处坠落', '机械伤害']],
  ['工人清理污水池时吸入硫化氢气体昏迷', '中毒和窒息', ['淹溺', '灼烫', '其他伤害']],
  ['操作工在皮带机运行中清理托辊积料，手臂被卷入', '机械伤害', ['物体打击', '起重伤害', '车辆伤害']],
  ['厂内叉车倒车时撞伤身后的搬运工', '车辆伤害', ['机械伤害', '物体打击', '起重伤害']],
  ['沟槽开挖未按规定放坡，槽壁土方塌落掩埋作业人员', '坍塌', ['物体打击', '冒顶片帮', '高处坠落']],
  ['电工在未断电的配电柜内接线时触及带电母排', '触电', ['灼烫', '火灾', '机械伤害']],
  ['检修人员打开蒸汽管道法兰时被高温蒸汽喷出烫伤', '灼烫', ['容器爆炸', '火灾', '物体打击']],
  ['空压站储气罐因安全阀失效超压破裂', '容器爆炸', ['锅炉爆炸', '其他爆炸', '物体打击']],
  ['高处作业人员失手掉落扳手，砸伤在下方经过的工人', '物体打击', ['高处坠落', '起重伤害', '机械伤害']],
  ['巡检人员夜间跌入无盖板的消防水池溺亡', '淹溺', ['高处坠落', '中毒和窒息', '其他伤害']],
  ['仓库电气线路短路引燃纸箱，造成人员烧伤', '火灾', ['灼烫', '触电', '其他爆炸']],
];

const GB6441_ITEMS: DemoItem[] = [
  ...ACCIDENT_CASES.map(([text, type, wrong]) =>
    single(gb6441(J), `${text}。依据 GB 6441《企业职工伤亡事故分类》，该事故的类别是（  ）。`, type, wrong),
  ),
  single(
    gb6441(J, { title: '事故类别数量' }),
    'GB 6441《企业职工伤亡事故分类》将伤亡事故按致害原因分为（  ）类。',
    '20',
    ['12', '16', '24'],
    { ordered: ['12', '16', '20', '24'] },
  ),
  single(
    gb6441(I, { title: '伤害程度', source: 'GB 6441-1986 第 4 章', difficulty: 0.55 }),
    '依据 GB 6441，损失工作日等于或超过（  ）日的失能伤害为重伤。',
    '105',
    ['30', '60', '180'],
    { ordered: ['30', '60', '105', '180'] },
  ),
  trueFalse(
    gb6441(J, { title: '伤害程度', source: 'GB 6441-1986 第 4 章' }),
    '依据 GB 6441，伤害程度分为轻伤、重伤和死亡三类。',
    true,
  ),
];

// ---------------------------------------------------------------------------------------
// GB 18218-2018 危险化学品重大危险源辨识

const gb18218 = topic('gb18218', {
  title: '重大危险源辨识',
  source: 'GB 18218-2018《危险化学品重大危险源辨识》',
  codes: { junior: 'K3', intermediate: 'K6' },
  competency: 'BASE-RISK',
  standard: ['GB 18218', '2018'],
});

/** GB 18218-2018 表 1 临界量 (t). */
const CRITICAL: Record<string, number> = {
  氯: 5,
  氨: 10,
  液化石油气: 50,
  汽油: 200,
  甲醇: 500,
  苯: 50,
  硫化氢: 5,
  氢: 5,
  乙炔: 1,
  光气: 0.3,
};

const QUANTITY_RECALL: [string, string[]][] = [
  ['氯', ['1', '10', '20']],
  ['氨', ['5', '50', '100']],
  ['液化石油气', ['10', '100', '200']],
  ['汽油', ['50', '500', '1000']],
  ['甲醇', ['50', '200', '1000']],
  ['乙炔', ['5', '10', '50']],
];

/** Units of one site: [description, {substance: tonnes}]. Σ q/Q ≥ 1 → major hazard. */
const UNIT_CASES: [string, Record<string, number>][] = [
  ['某冷库液氨储罐区储存液氨 8 t', { 氨: 8 }],
  ['某水厂加氯间储存液氯 6 t', { 氯: 6 }],
  ['某储罐区储存液氨 5 t、液化石油气 30 t', { 氨: 5, 液化石油气: 30 }],
  ['某加油站储罐区储存汽油 120 t', { 汽油: 120 }],
  ['某化工仓库储存甲醇 200 t、苯 30 t', { 甲醇: 200, 苯: 30 }],
  ['某气体充装站储存乙炔 0.4 t、氢 2 t', { 乙炔: 0.4, 氢: 2 }],
  ['某生产单元在线液氯 2 t、硫化氢 2 t', { 氯: 2, 硫化氢: 2 }],
  ['某储罐区储存汽油 100 t、甲醇 250 t', { 汽油: 100, 甲醇: 250 }],
];

const ratio = (q: Record<string, number>) => Object.entries(q).reduce((s, [k, v]) => s + v / CRITICAL[k]!, 0);
const fmt = (x: number) => String(Math.round(x * 100) / 100);

/** GB 18218-2018 §4.3: R = α Σ β q/Q; 一级 ≥ 100, 二级 50–100, 三级 10–50, 四级 < 10. */
export function majorHazardGrade(r: number): string {
  return r >= 100 ? '一级' : r >= 50 ? '二级' : r >= 10 ? '三级' : '四级';
}

const GRADE_CASES: [string, number, number, number, number][] = [
  // description, q (t), Q (t), β, α
  [
    '液氯储罐区储存液氯 150 t，校正系数 β = 4，厂区边界外 500 m 范围内常住人口 120 人（α = 2.0）',
    150,
    5,
    4,
    2,
  ],
  ['液氨储罐区储存液氨 200 t，β = 2，厂外暴露人员 40 人（α = 1.2）', 200, 10, 2, 1.2],
  ['液化石油气储罐区储存 300 t，β = 1.5，厂外暴露人员 0 人（α = 0.5）', 300, 50, 1.5, 0.5],
  ['液氨储罐区储存液氨 150 t，β = 2，厂外暴露人员 150 人（α = 2.0）', 150, 10, 2, 2],
  ['甲醇储罐区储存 6 000 t，β = 1，厂外暴露人员 60 人（α = 1.5）', 6_000, 500, 1, 1.5],
];

const GB18218_ITEMS: DemoItem[] = [
  ...QUANTITY_RECALL.map(([name, wrong]) =>
    single(
      gb18218(I, { title: '临界量', source: 'GB 18218-2018 表 1', difficulty: 0.6 }),
      `依据 GB 18218-2018，${name}的临界量是（  ）t。`,
      String(CRITICAL[name]),
      wrong,
      { ordered: [String(CRITICAL[name]), ...wrong].sort((a, b) => Number(a) - Number(b)) },
    ),
  ),
  ...UNIT_CASES.map(([text, q]) => {
    const sum = ratio(q);
    const list = Object.keys(q)
      .map((k) => `${k} ${CRITICAL[k]} t`)
      .join('，');
    const is = sum >= 1;
    return single(
      gb18218(Object.keys(q).length > 1 ? I : J, {
        title: '重大危险源辨识',
        source: 'GB 18218-2018 第 4.2 条',
        difficulty: Object.keys(q).length > 1 ? 0.6 : 0.4,
      }),
      `${text}（临界量：${list}）。依据 GB 18218-2018 对该单元进行辨识，结论是（  ）。`,
      is ? '构成危险化学品重大危险源' : '不构成危险化学品重大危险源',
      [
        is ? '不构成危险化学品重大危险源' : '构成危险化学品重大危险源',
        '须待安全评价机构现场检测后才能判断',
        '只有单一品种超过临界量时才构成',
      ],
    );
  }),
  ...GRADE_CASES.map(([text, q, critical, beta, alpha]) => {
    const value = alpha * beta * (q / critical);
    const grade = majorHazardGrade(value);
    return single(
      gb18218(I, { title: '重大危险源分级', source: 'GB 18218-2018 第 4.3 条', difficulty: 0.7 }),
      `${text}，该物质临界量为 ${critical} t。按 R = α·Σ(β·q/Q) 计算，R = ${fmt(value)}，该重大危险源为（  ）。`,
      grade,
      ['一级', '二级', '三级', '四级'].filter((g) => g !== grade),
      { ordered: ['一级', '二级', '三级', '四级'] },
    );
  }),
  trueFalse(
    gb18218(I, { title: '单元划分', source: 'GB 18218-2018 第 3 章', difficulty: 0.5 }),
    '储存单元中，储罐区以罐区防火堤为界限划分为独立的单元，仓库以独立库房（独立建筑物）为界限划分为独立的单元。',
    true,
  ),
  trueFalse(
    gb18218(I, { title: '单元划分', source: 'GB 18218-2018 第 3 章', difficulty: 0.5 }),
    '生产单元中，装置及设施之间有切断阀时，以切断阀作为分隔界限划分为独立的单元。',
    true,
  ),
  fillIn(
    gb18218(I, { title: '多品种辨识', source: 'GB 18218-2018 第 4.2 条', difficulty: 0.55 }),
    '单元内存在多种危险化学品时，若 q1/Q1 + q2/Q2 + … + qn/Qn （____） 1，则定为重大危险源。',
    [['≥', '大于或等于', '大于等于', '>=']],
  ),
  single(
    gb18218(I, { title: '分级指标', source: 'GB 18218-2018 第 4.3 条', difficulty: 0.55 }),
    '依据 GB 18218-2018，重大危险源分级公式中的 α 是指（  ）。',
    '该危险化学品重大危险源厂区外暴露人员的校正系数',
    ['危险化学品的临界量', '危险化学品的实际存在量', '与危险化学品类别相对应的校正系数'],
  ),
];

// ---------------------------------------------------------------------------------------
// GB/T 3608-2008 高处作业分级 (A 类：不存在标准所列客观危险因素)

const gbt3608 = topic('gbt3608', {
  title: '高处作业分级',
  source: 'GB/T 3608-2008《高处作业分级》',
  codes: { junior: 'S5', intermediate: 'K3' },
  competency: 'BASE-RISK',
  standard: ['GB/T 3608', '2008'],
});

/** A 类: 2 ≤ h ≤ 5 Ⅰ级, 5 < h ≤ 15 Ⅱ级, 15 < h ≤ 30 Ⅲ级, h > 30 Ⅳ级. */
export function heightWorkGrade(h: number): string {
  return h <= 5 ? 'Ⅰ级' : h <= 15 ? 'Ⅱ级' : h <= 30 ? 'Ⅲ级' : 'Ⅳ级';
}

const GBT3608_ITEMS: DemoItem[] = [
  ...[3, 5, 8, 15, 22, 30, 36].map((h) =>
    single(
      gbt3608(h === 5 || h === 15 || h === 30 ? I : J, {
        difficulty: h === 5 || h === 15 || h === 30 ? 0.55 : 0.35,
      }),
      `在不存在 GB/T 3608 所列客观危险因素的条件下，作业高度为 ${h} m 的高处作业，其级别为（  ）。`,
      heightWorkGrade(h),
      ['Ⅰ级', 'Ⅱ级', 'Ⅲ级', 'Ⅳ级'].filter((g) => g !== heightWorkGrade(h)),
      { ordered: ['Ⅰ级', 'Ⅱ级', 'Ⅲ级', 'Ⅳ级'] },
    ),
  ),
  fillIn(
    gbt3608(J, { title: '高处作业定义', source: 'GB/T 3608-2008 术语和定义' }),
    '高处作业是指在距坠落高度基准面（____）m 或以上有可能坠落的高处进行的作业。',
    [['2', '两', '二']],
  ),
];

// ---------------------------------------------------------------------------------------
// GB 2893-2008 安全色，GB 2894-2008 安全标志

const signs = topic('sign', {
  title: '安全色与安全标志',
  source: 'GB 2893-2008《安全色》',
  codes: { junior: 'K4', intermediate: 'K2' },
  competency: 'BASE-RISK',
  standard: ['GB 2893', '2008'],
});
const SIGN_STANDARD = {
  source: 'GB 2894-2008《安全标志及其使用导则》',
  standard: ['GB 2894', '2008'] as [string, string],
};

const SIGN_ITEMS: DemoItem[] = [
  ...(
    [
      ['红色', '禁止、停止、危险以及消防设备'],
      ['蓝色', '指令，必须遵守的规定'],
      ['黄色', '警告、注意'],
      ['绿色', '提示，安全状态、通行'],
    ] as const
  ).map(([color, meaning], _i, all) =>
    single(
      signs(J),
      `依据 GB 2893《安全色》，${color}传递的安全信息含义是（  ）。`,
      meaning,
      all.filter(([c]) => c !== color).map(([, m]) => m),
    ),
  ),
  single(signs(J, { title: '对比色' }), '依据 GB 2893，安全色的对比色是（  ）。', '黑、白两种颜色', [
    '红、蓝两种颜色',
    '黄、绿两种颜色',
    '灰、橙两种颜色',
  ]),
  multiple(
    signs(J, { ...SIGN_STANDARD, title: '安全标志分类' }),
    'GB 2894 规定的安全标志分为（  ）。',
    ['禁止标志', '警告标志', '指令标志', '提示标志'],
    ['装饰标志'],
  ),
  ...(
    [
      ['禁止标志', '带斜杠的圆边框'],
      ['警告标志', '正三角形边框'],
      ['指令标志', '圆形'],
      ['提示标志', '正方形边框'],
    ] as const
  ).map(([kind, shape], _i, all) =>
    single(
      signs(J, { ...SIGN_STANDARD, title: '安全标志形状' }),
      `依据 GB 2894，${kind}的基本几何形状是（  ）。`,
      shape,
      all.filter(([k]) => k !== kind).map(([, s]) => s),
    ),
  ),
  single(
    signs(J, { ...SIGN_STANDARD, title: '安全标志含义' }),
    '“必须戴安全帽”标志属于（  ）。',
    '指令标志',
    ['禁止标志', '警告标志', '提示标志'],
  ),
  single(signs(J, { ...SIGN_STANDARD, title: '安全标志含义' }), '“当心触电”标志属于（  ）。', '警告标志', [
    '禁止标志',
    '指令标志',
    '提示标志',
  ]),
  single(signs(J, { ...SIGN_STANDARD, title: '安全标志含义' }), '“紧急出口”标志属于（  ）。', '提示标志', [
    '禁止标志',
    '警告标志',
    '指令标志',
  ]),
];

// ---------------------------------------------------------------------------------------
// GB/T 4968-2008 火灾分类

const fire = topic('fire', {
  title: '火灾分类',
  source: 'GB/T 4968-2008《火灾分类》',
  codes: { junior: 'K5', intermediate: 'K5' },
  competency: 'BASE-EMERG',
  standard: ['GB/T 4968', '2008'],
});

const FIRE_CASES: [string, string][] = [
  ['木材、纸张、棉布堆垛起火', 'A 类火灾'],
  ['汽油、柴油储罐起火', 'B 类火灾'],
  ['天然气管道泄漏起火', 'C 类火灾'],
  ['镁粉、铝粉等金属起火', 'D 类火灾'],
  ['运行中的配电柜起火', 'E 类火灾'],
  ['厨房油锅内食用油起火', 'F 类火灾'],
];
const FIRE_CLASSES = ['A 类火灾', 'B 类火灾', 'C 类火灾', 'D 类火灾', 'E 类火灾', 'F 类火灾'];

const FIRE_ITEMS: DemoItem[] = [
  ...FIRE_CASES.map(([text, cls]) =>
    single(
      fire(J),
      `依据 GB/T 4968《火灾分类》，${text}属于（  ）。`,
      cls,
      FIRE_CLASSES.filter((c) => c !== cls).slice(0, 3),
      {
        ordered: FIRE_CLASSES.filter(
          (c) =>
            c === cls ||
            FIRE_CLASSES.filter((x) => x !== cls)
              .slice(0, 3)
              .includes(c),
        ),
      },
    ),
  ),
  trueFalse(fire(J, { title: '灭火方法' }), '油锅起火时，应立即用水浇灭。', false),
  trueFalse(
    fire(J, { title: '灭火方法' }),
    '扑救带电设备火灾，应先切断电源；无法断电时，应使用不导电的灭火剂。',
    true,
  ),
];

// ---------------------------------------------------------------------------------------
// GB/T 33000-2016 企业安全生产标准化基本规范；AQ 3013-2008

const std = topic('gbt33000', {
  title: '安全生产标准化',
  source: 'GB/T 33000-2016《企业安全生产标准化基本规范》',
  competency: 'BASE-MGMT',
  standard: ['GB/T 33000', '2016'],
});

const STANDARDIZATION_ITEMS: DemoItem[] = [
  multiple(
    std(I, { source: 'GB/T 33000-2016 第 5 章', difficulty: 0.5 }),
    'GB/T 33000-2016 规定的安全生产标准化一级要素包括（  ）。',
    ['目标职责', '制度化管理', '教育培训', '现场管理', '应急管理', '持续改进'],
    ['市场营销', '财务审计'],
    true,
  ),
  single(
    std(I, { source: 'GB/T 33000-2016 第 5 章', difficulty: 0.55 }),
    '下列不属于 GB/T 33000-2016 一级要素的是（  ）。',
    '市场营销',
    ['制度化管理', '现场管理', '持续改进'],
  ),
  single(
    std(I, { source: 'GB/T 33000-2016 第 4 章', difficulty: 0.45 }),
    '企业安全生产标准化管理体系采用的运行模式是（  ）。',
    '“策划、实施、检查、改进”（PDCA）动态循环',
    ['“计划、组织、指挥、控制”线性流程', '一次性达标验收', '由监管部门代为运行'],
  ),
  single(
    std(I, { source: 'GB/T 33000-2016 第 5.8.1 条', difficulty: 0.5 }),
    '企业应对安全生产标准化管理体系的运行情况进行自评，频次至少为（  ）。',
    '每年一次',
    ['每月一次', '每季度一次', '每三年一次'],
    { ordered: ['每月一次', '每季度一次', '每年一次', '每三年一次'] },
  ),
  trueFalse(
    std(J, { source: 'GB/T 33000-2016 第 5.1.1 条' }),
    '企业应根据自身安全生产实际，制定文件化的总体和年度安全生产与职业卫生目标，并纳入企业总体生产经营目标。',
    true,
  ),
  multiple(
    std(I, {
      title: '危险化学品安全标准化',
      source: 'AQ 3013-2008《危险化学品从业单位安全标准化通用规范》第 5 章',
      standard: ['AQ 3013', '2008'],
      difficulty: 0.6,
    }),
    'AQ 3013-2008 规定的危险化学品从业单位安全标准化管理要素包括（  ）。',
    ['负责人与职责', '风险管理', '作业安全', '危险化学品管理', '检查与自评'],
    ['市场开拓'],
    true,
  ),
  trueFalse(
    std(I, {
      title: '危险化学品安全标准化',
      source: 'AQ 3013-2008 第 5 章',
      standard: ['AQ 3013', '2008'],
      difficulty: 0.5,
    }),
    'AQ 3013-2008 将“职业健康”作为危险化学品从业单位安全标准化的一个管理要素。',
    true,
  ),
];

// ---------------------------------------------------------------------------------------
// GB/T 13861-2022 生产过程危险和有害因素；GB/T 16483 SDS

const factors = topic('gbt13861', {
  title: '危险和有害因素分类',
  source: 'GB/T 13861-2022《生产过程危险和有害因素分类与代码》',
  competency: 'BASE-RISK',
  standard: ['GB/T 13861', '2022'],
});

const FACTOR_ITEMS: DemoItem[] = [
  multiple(
    factors(J),
    'GB/T 13861 将生产过程中的危险和有害因素分为（  ）四大类。',
    ['人的因素', '物的因素', '环境因素', '管理因素'],
    ['经济因素'],
  ),
  ...(
    [
      ['作业人员疲劳作业、带病上岗', '人的因素'],
      ['设备防护装置缺失、设备带“病”运行', '物的因素'],
      ['作业场所照明不良、地面湿滑', '环境因素'],
      ['安全生产责任制未建立、操作规程不完善', '管理因素'],
    ] as const
  ).map(([text, cls], _i, all) =>
    single(
      factors(J),
      `依据 GB/T 13861，“${text}”属于（  ）。`,
      cls,
      all.filter(([, c]) => c !== cls).map(([, c]) => c),
      { ordered: ['人的因素', '物的因素', '环境因素', '管理因素'] },
    ),
  ),
  single(
    factors(J, {
      title: '化学品安全技术说明书',
      source: 'GB/T 16483-2008《化学品安全技术说明书 内容和项目顺序》',
      standard: ['GB/T 16483', '2008'],
    }),
    '化学品安全技术说明书（SDS）按标准规定包含（  ）个部分。',
    '16',
    ['8', '12', '20'],
    { ordered: ['8', '12', '16', '20'] },
  ),
];

export const STANDARD_ITEMS: DemoItem[] = [
  ...GB6441_ITEMS,
  ...GB18218_ITEMS,
  ...GBT3608_ITEMS,
  ...SIGN_ITEMS,
  ...FIRE_ITEMS,
  ...STANDARDIZATION_ITEMS,
  ...FACTOR_ITEMS,
];
