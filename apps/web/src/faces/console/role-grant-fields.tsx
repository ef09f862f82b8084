import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROLE_CODES, roleName, scopeKind } from '../../account/roles.ts';
import type { RoleCode } from '../../api/types.ts';
import { DivisionPicker } from '../../components/division-picker.tsx';

// GB 32100 统一社会信用代码: 18 characters, no I O Z S V.
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/**
 * Role + the scope that role needs: a division (regulators, inspectors), an enterprise
 * credit code (enterprise roles), or nothing. `prefix` is the name path inside the form
 * (e.g. `[0]` inside a Form.List, or `[]` for a stand-alone grant form).
 */
export function RoleGrantFields({
  prefix,
  listName,
  index,
}: {
  prefix: (string | number)[];
  /** Full path of the list when inside a Form.List (for reading the chosen role). */
  listName?: (string | number)[];
  index?: number;
}) {
  const { t } = useTranslation();
  const fullRolePath = [...(listName ?? []), ...prefix, 'role'];
  const testSuffix = index === undefined ? '' : `-${index}`;
  return (
    <>
      <Form.Item
        name={[...prefix, 'role']}
        label={t('users.field.role')}
        rules={[{ required: true, message: t('users.field.roleRequired') }]}
      >
        <Select<RoleCode>
          data-testid={`role-select${testSuffix}`}
          placeholder={t('users.field.rolePlaceholder')}
          options={ROLE_CODES.map((code) => ({ value: code, label: roleName(t, code) }))}
        />
      </Form.Item>
      <Form.Item noStyle shouldUpdate>
        {({ getFieldValue }) => {
          const kind = scopeKind(getFieldValue(fullRolePath) as RoleCode | undefined);
          if (kind === 'division') {
            return (
              <Form.Item
                name={[...prefix, 'divisionCode']}
                label={t('users.field.division')}
                extra={t('users.field.divisionHint')}
                rules={[{ required: true, message: t('users.field.divisionRequired') }]}
              >
                <DivisionPicker />
              </Form.Item>
            );
          }
          if (kind === 'enterprise') {
            return (
              <Form.Item
                name={[...prefix, 'enterpriseCreditCode']}
                label={t('users.field.creditCode')}
                normalize={(v: string) => v?.toUpperCase().trim()}
                rules={[
                  { required: true, message: t('users.field.creditCodeRequired') },
                  { pattern: CREDIT_CODE, message: t('users.field.creditCodeInvalid') },
                ]}
              >
                <Input maxLength={18} placeholder="91440300XXXXXXXXXX" className="az-mono" />
              </Form.Item>
            );
          }
          return null;
        }}
      </Form.Item>
    </>
  );
}

/** Keeps only the scope field the role takes (a role switched mid-way leaves stale values). */
export function cleanGrant(grant: { role: RoleCode; divisionCode?: string; enterpriseCreditCode?: string }) {
  const kind = scopeKind(grant.role);
  return {
    role: grant.role,
    ...(kind === 'division' ? { divisionCode: grant.divisionCode } : {}),
    ...(kind === 'enterprise' ? { enterpriseCreditCode: grant.enterpriseCreditCode } : {}),
  };
}
