import type { Generated } from 'kysely';
import type { JsonValue, TablesSpec } from './spec.ts';

/** 系统设置 — small key/value facts about this installation (demo seed version, instance id). */
export interface SystemSettingTable {
  key: string;
  value: JsonValue;
  updated_at: Generated<Date>;
}

export interface FoundationTables {
  system_setting: SystemSettingTable;
}

export const foundationSpec: TablesSpec<FoundationTables> = {
  system_setting: {
    key: { type: 'text', nullable: false },
    value: { type: 'jsonb', nullable: false },
    updated_at: { type: 'timestamp with time zone', nullable: false },
  },
};
