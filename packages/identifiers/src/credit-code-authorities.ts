/**
 * GB 32100-2015 表 1 登记管理部门代码和机构类别代码, with the later additions of
 * A (中央军委改革和编制办公室) and N (农业, 农村集体经济组织). Reference data, not logic: update here
 * when the standard's table is amended.
 */
export interface RegistrationAuthority {
  code: string;
  name: string;
  organisationTypes: Readonly<Record<string, string>>;
}

export const REGISTRATION_AUTHORITIES: Readonly<Record<string, RegistrationAuthority>> = {
  '1': {
    code: '1',
    name: '机构编制',
    organisationTypes: {
      '1': '机关',
      '2': '事业单位',
      '3': '中央编办直接管理机构编制的群众团体',
      '9': '其他',
    },
  },
  '2': { code: '2', name: '外交', organisationTypes: { '1': '外国常驻新闻机构', '9': '其他' } },
  '3': {
    code: '3',
    name: '司法行政',
    organisationTypes: {
      '1': '律师执业机构',
      '2': '公证处',
      '3': '基层法律服务所',
      '4': '司法鉴定机构',
      '5': '仲裁委员会',
      '9': '其他',
    },
  },
  '4': { code: '4', name: '文化', organisationTypes: { '1': '外国在华文化中心', '9': '其他' } },
  '5': {
    code: '5',
    name: '民政',
    organisationTypes: { '1': '社会团体', '2': '民办非企业单位', '3': '基金会', '9': '其他' },
  },
  '6': {
    code: '6',
    name: '旅游',
    organisationTypes: {
      '1': '外国旅游部门常驻代表机构',
      '2': '港澳台地区旅游部门常驻内地（大陆）代表机构',
      '9': '其他',
    },
  },
  '7': { code: '7', name: '宗教', organisationTypes: { '1': '宗教活动场所', '2': '宗教院校', '9': '其他' } },
  '8': { code: '8', name: '工会', organisationTypes: { '1': '基层工会', '9': '其他' } },
  '9': {
    code: '9',
    name: '工商',
    organisationTypes: { '1': '企业', '2': '个体工商户', '3': '农民专业合作社' },
  },
  A: { code: 'A', name: '中央军委改革和编制办公室', organisationTypes: { '1': '军队事业单位', '9': '其他' } },
  N: {
    code: 'N',
    name: '农业',
    organisationTypes: {
      '1': '组级集体经济组织',
      '2': '村级集体经济组织',
      '3': '乡镇级集体经济组织',
      '9': '其他',
    },
  },
  Y: { code: 'Y', name: '其他', organisationTypes: { '1': '其他' } },
};
