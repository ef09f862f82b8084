import { type ObjectOptions, type TProperties, type TSchema, Type } from '@sinclair/typebox';

/**
 * Every request body is a closed object: unknown properties are rejected with
 * `UNKNOWN_FIELD` instead of being silently dropped (DESIGN §5).
 */
export function StrictObject<T extends TProperties>(properties: T, options: ObjectOptions = {}) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** Cursor-paged list envelope (DESIGN §5: `?cursor=&limit=`, stable order). */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: '下一页游标；为 null 表示没有更多数据',
    }),
  });
}

export const PageQuery = StrictObject({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});
