import type { AppUserTable, Database, UserRoleTable } from '@anzheng/db';
import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';

export type UserRow = Selectable<AppUserTable>;
export type RoleRow = Selectable<UserRoleTable>;

export async function findUserByUsername(
  db: Kysely<Database>,
  username: string,
): Promise<UserRow | undefined> {
  return db
    .selectFrom('app_user')
    .selectAll()
    .where(sql`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();
}

export async function findUserByPublicId(
  db: Kysely<Database>,
  publicId: string,
): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('public_id', '=', publicId).executeTakeFirst();
}

export async function findUserById(db: Kysely<Database>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Kysely<Database>, row: Insertable<AppUserTable>): Promise<UserRow> {
  return db.insertInto('app_user').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateUser(
  db: Kysely<Database>,
  id: number,
  patch: Partial<Omit<Insertable<AppUserTable>, 'id'>>,
): Promise<UserRow> {
  return db
    .updateTable('app_user')
    .set({ ...patch, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listRoles(db: Kysely<Database>, userIds: number[]): Promise<RoleRow[]> {
  if (userIds.length === 0) return [];
  return db.selectFrom('user_role').selectAll().where('user_id', 'in', userIds).orderBy('id').execute();
}

export async function insertRole(db: Kysely<Database>, row: Insertable<UserRoleTable>): Promise<RoleRow> {
  return db.insertInto('user_role').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function deleteRole(
  db: Kysely<Database>,
  userId: number,
  roleId: number,
): Promise<RoleRow | undefined> {
  return db
    .deleteFrom('user_role')
    .where('id', '=', roleId)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
}

export interface UserListFilter {
  q?: string | undefined;
  role?: string | undefined;
  status?: string | undefined;
  /** Only users holding a grant inside one of these division subtrees (regulator view). */
  divisionScopes?: string[] | undefined;
  afterId?: number | undefined;
  limit: number;
}

/** Division subtree test in SQL: a 6-digit code lies in a scope by its non-zero prefix. */
export function divisionPrefix(scope: string): string {
  if (scope === '000000') return '';
  if (scope.endsWith('0000')) return scope.slice(0, 2);
  if (scope.endsWith('00')) return scope.slice(0, 4);
  return scope;
}

export async function listUsers(db: Kysely<Database>, f: UserListFilter): Promise<UserRow[]> {
  let q = db.selectFrom('app_user').selectAll().orderBy('id').limit(f.limit);
  if (f.afterId !== undefined) q = q.where('id', '>', f.afterId);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, '\\$&')}%`;
    q = q.where((eb) => eb.or([eb('username', 'ilike', like), eb('display_name', 'ilike', like)]));
  }
  if (f.role) {
    const role = f.role;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_role')
          .select('id')
          .whereRef('user_role.user_id', '=', 'app_user.id')
          .where('role', '=', role),
      ),
    );
  }
  if (f.divisionScopes) {
    const prefixes = f.divisionScopes.map(divisionPrefix);
    if (!prefixes.includes('')) {
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('user_role')
            .select('id')
            .whereRef('user_role.user_id', '=', 'app_user.id')
            .where((w) => w.or(prefixes.map((p) => w('user_role.division_code', 'like', `${p}%`)))),
        ),
      );
    }
  }
  return q.execute();
}
