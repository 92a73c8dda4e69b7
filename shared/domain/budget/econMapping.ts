/**
 * 部门经济分类 → 政府经济分类 (对照表). The seed file's table is passed in by the core; where it
 * is silent, a 款-level fallback by 类 applies. The fallbacks are (unverified) common practice:
 * keep them as data and let the county's own table (from sync) replace them.
 */

export interface EconMappingEntry {
  gov: string;
  dep: readonly string[];
}

/** Specific 款 first, then the 类 prefix. */
export const FALLBACK_GOV_ECON: readonly { dep: string; gov: string }[] = Object.freeze([
  { dep: '31001', gov: '50301' },
  { dep: '31005', gov: '50302' },
  { dep: '31013', gov: '50303' },
  { dep: '31002', gov: '50306' },
  { dep: '31003', gov: '50306' },
  { dep: '31007', gov: '50306' },
  { dep: '31006', gov: '50307' },
  { dep: '301', gov: '50199' },
  { dep: '302', gov: '50299' },
  { dep: '303', gov: '50999' },
  { dep: '310', gov: '50399' },
  { dep: '312', gov: '50799' },
  { dep: '399', gov: '59999' },
]);

export function governmentEconFor(depCode: string, table: readonly EconMappingEntry[]): string | null {
  for (const entry of table) if (entry.dep.includes(depCode)) return entry.gov;
  for (const fallback of FALLBACK_GOV_ECON) if (depCode.startsWith(fallback.dep)) return fallback.gov;
  return null;
}
