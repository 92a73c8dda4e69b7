import { z } from 'zod';
import classificationJson from '../../../resources/seed/classification.json';
import type { ClassificationKind } from '../../../shared/api/schemas';

/**
 * Seed subset of 政府收支分类科目. Items with verified=false are placeholders until the
 * official annual edition is loaded from the provincial 一体化 system.
 */
const itemSchema = z.object({
  code: z.string().regex(/^\d{3,7}$/),
  name_zh: z.string().min(1),
  level: z.string().min(1),
  parent: z.string().optional(),
  verified: z.boolean().optional(),
});

const seedSchema = z.object({
  revenue: z.array(itemSchema),
  expenditure_function: z.array(itemSchema),
  expenditure_econ_department: z.array(itemSchema),
  expenditure_econ_government: z.array(itemSchema),
});

export interface SeedClassification {
  kind: ClassificationKind;
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  verified: boolean;
}

const kinds: ClassificationKind[] = [
  'revenue',
  'expenditure_function',
  'expenditure_econ_department',
  'expenditure_econ_government',
];

export function seedClassifications(): SeedClassification[] {
  const seed = seedSchema.parse(classificationJson);
  return kinds.flatMap((kind) =>
    seed[kind].map((item) => ({
      kind,
      code: item.code,
      name: item.name_zh,
      level: item.level,
      parentCode: item.parent ?? null,
      verified: item.verified ?? false,
    })),
  );
}
