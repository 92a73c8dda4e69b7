import { z } from 'zod';
import coaJson from '../../../resources/seed/coa.json';
import type { UnitType } from '../../../shared/api/schemas';

/**
 * Seed chart of accounts of 政府会计制度 (财会〔2017〕25号), copied from the reference
 * material into resources/seed/coa.json. Validated when read, so a broken seed file
 * fails loudly at 建账 instead of producing a half chart.
 */
const seedAccountSchema = z.object({
  code: z.string().regex(/^\d{4}$/),
  name_zh: z.string().min(1),
  track: z.enum(['financial', 'budget']),
  category: z.string().min(1),
  normal_balance: z.enum(['debit', 'credit']),
  applies_to: z.enum(['all', '行政单位', '事业单位']),
  contra: z.boolean().optional(),
  notes: z.string().optional(),
});

const seedSubaccountSchema = z.object({
  parent: z.string().regex(/^\d{4}$/),
  code: z.string().regex(/^\d{6}(\d{2})?$/),
  name_zh: z.string().min(1),
  normal_balance: z.enum(['debit', 'credit']),
});

const seedChartSchema = z.object({
  accounts: z.array(seedAccountSchema),
  subaccounts: z.array(seedSubaccountSchema),
});

export interface SeedAccount {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
  track: 'financial' | 'budget';
  category: string;
  normalBalance: 'debit' | 'credit';
  contra: boolean;
  notes: string | null;
}

let parsed: z.infer<typeof seedChartSchema> | null = null;
function seedChart() {
  parsed ??= seedChartSchema.parse(coaJson);
  return parsed;
}

/** The accounts a unit of this type may use: its own plus those for all units, with their customary sub-accounts. */
export function chartFor(unitType: UnitType): SeedAccount[] {
  const { accounts, subaccounts } = seedChart();
  const firstLevel = accounts.filter((a) => a.applies_to === 'all' || a.applies_to === unitType);
  const byCode = new Map(firstLevel.map((a) => [a.code, a]));
  const result: SeedAccount[] = firstLevel.map((a) => ({
    code: a.code,
    name: a.name_zh,
    parentCode: null,
    level: 1,
    track: a.track,
    category: a.category,
    normalBalance: a.normal_balance,
    contra: a.contra ?? false,
    notes: a.notes ?? null,
  }));
  const included = new Set(firstLevel.map((a) => a.code));
  // Codes follow 4-2-2: the parent of 60010101 is 600101 (the seed file names only the
  // first-level account as `parent`). Shorter codes first, so parents precede children.
  const ordered = [...subaccounts].sort((a, b) => a.code.length - b.code.length || a.code.localeCompare(b.code));
  for (const sub of ordered) {
    const first = byCode.get(sub.parent);
    const parentCode = sub.code.slice(0, -2);
    if (!first || !sub.code.startsWith(sub.parent) || !included.has(parentCode)) continue;
    // One seed row (71010101) is an explanatory note about deeper levels, not an account.
    if (/[A-Za-z]/.test(sub.name_zh)) continue;
    included.add(sub.code);
    result.push({
      code: sub.code,
      name: sub.name_zh,
      parentCode,
      level: sub.code.length === 6 ? 2 : 3,
      track: first.track,
      category: first.category,
      normalBalance: sub.normal_balance,
      contra: first.contra ?? false,
      notes: null,
    });
  }
  return result.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
