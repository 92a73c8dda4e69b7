import type { FormRule } from 'antd';
import type { z } from 'zod';

/**
 * An antd form rule that checks a value with the same zod schema the core uses,
 * so the form and the core give the same Chinese message for the same mistake.
 */
export function schemaRule(schema: z.ZodType, emptyMessage: string): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
        throw new Error(emptyMessage);
      }
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? emptyMessage);
    },
  };
}
