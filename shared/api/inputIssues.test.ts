import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { commands, type CommandName } from './commands';
import { chineseLocaleError, describeInputIssue, fieldLabel, fieldPathText } from './inputIssues';

// Walks the whole command map: every field of every command's input has a Chinese label, and
// every problem zod reports for bad input reads as Chinese, with the field named, never as a
// program path such as `amounts.0.year`.

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  valueType?: z.ZodType;
  items?: z.ZodType[];
  values?: unknown[];
  getter?: () => z.ZodType;
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Every object key reachable in a schema, with the key of the object it sits in. */
function keysOf(schema: z.ZodType, parent: string | undefined, out: Set<string>, seen = new Set<z.ZodType>()): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      for (const [key, child] of Object.entries(def.shape!)) {
        out.add(parent ? `${parent}\u0000${key}` : key);
        keysOf(child, key, out, seen);
      }
      break;
    case 'array':
      keysOf(def.element!, parent, out, seen);
      break;
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
      keysOf(def.innerType!, parent, out, seen);
      break;
    case 'pipe':
      keysOf(def.in!, parent, out, seen);
      break;
    case 'union':
      for (const option of def.options!) keysOf(option, parent, out, seen);
      break;
    case 'intersection':
      keysOf(def.left!, parent, out, seen);
      keysOf(def.right!, parent, out, seen);
      break;
    case 'record':
      keysOf(def.valueType!, parent, out, seen);
      break;
    case 'tuple':
      for (const item of def.items!) keysOf(item, parent, out, seen);
      break;
    case 'lazy':
      keysOf(def.getter!(), parent, out, seen);
      break;
  }
}

type Mode = 'wrongType' | 'outOfRange';

/** An input that is wrong at every leaf (`option` picks the branch of each union). */
function badInput(schema: z.ZodType, mode: Mode, option: number): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return Object.fromEntries(Object.entries(def.shape!).map(([key, child]) => [key, badInput(child, mode, option)]));
    case 'array':
      return [badInput(def.element!, mode, option), badInput(def.element!, mode, option)];
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
      return badInput(def.innerType!, mode, option);
    case 'pipe':
      return badInput(def.in!, mode, option);
    case 'union': {
      const options = def.options!;
      return badInput(options[option % options.length]!, mode, option);
    }
    case 'intersection':
      return { ...(badInput(def.left!, mode, option) as object), ...(badInput(def.right!, mode, option) as object) };
    case 'lazy':
      return badInput(def.getter!(), mode, option);
    case 'literal':
      return def.values![0]; // keeps a discriminated union on its branch
    case 'string':
      return mode === 'wrongType' ? { wrong: true } : 'x'.repeat(5000);
    case 'number':
    case 'int':
      return mode === 'wrongType' ? 'x' : -1e12;
    default:
      return mode === 'wrongType' ? { wrong: true } : 'x'.repeat(5000);
  }
}

function unionWidth(schema: z.ZodType): number {
  const def = defOf(schema);
  if (def.type === 'union') return def.options!.length;
  if (def.type === 'pipe') return unionWidth(def.in!);
  return 1;
}

const names = Object.keys(commands) as CommandName[];

describe('input problems in Chinese', () => {
  it('has a Chinese label for every field of every command', () => {
    const missing: string[] = [];
    for (const name of names) {
      const keys = new Set<string>();
      keysOf(commands[name].input as z.ZodType, undefined, keys);
      for (const entry of keys) {
        const [parent, key] = entry.includes('\u0000') ? entry.split('\u0000') as [string, string] : [undefined, entry];
        const label = fieldLabel(name, key, parent);
        if (!label || /[A-Za-z]/.test(label)) missing.push(`${name}: ${parent ? `${parent}.` : ''}${key}`);
      }
    }
    // A new field needs its Chinese name in shared/api/inputIssues.ts (FIELD_LABELS or COMMAND_FIELD_LABELS).
    expect(missing).toEqual([]);
  });

  it('names the field in Chinese in every message zod gives for bad input, with no program path', () => {
    let checked = 0;
    const leaks: string[] = [];
    for (const name of names) {
      const schema = commands[name].input as z.ZodType;
      const entries = new Set<string>();
      keysOf(schema, undefined, entries);
      const keys = new Set([...entries].map((e) => e.split('\u0000').pop()!));
      const inputs: unknown[] = [{}, null, 'x'];
      for (let option = 0; option < unionWidth(schema); option++) {
        inputs.push(badInput(schema, 'wrongType', option), badInput(schema, 'outOfRange', option));
      }
      for (const input of inputs) {
        const parsed = schema.safeParse(input);
        if (parsed.success) continue;
        for (const issue of parsed.error.issues) {
          const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
          const text = describeInputIssue(name, { path, message: issue.message });
          checked++;
          // No field key and no dotted path (amounts.0.year) in what the user reads.
          const words = text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
          const leaked = words.filter((w) => keys.has(w));
          if (leaked.length > 0 || /[A-Za-z_]+\.\d/.test(text)) leaks.push(`${name} [${path.join('.')}]: ${text}`);
          if (path.some((p) => typeof p === 'string') && !fieldPathText(name, path)) leaks.push(`${name} [${path.join('.')}]: no field named in “${text}”`);
          // zod's own messages (where a schema gives none) hold no program words at all.
          if (issue.message === chineseLocaleError(issue as never) && /[A-Za-z]/.test(issue.message)) leaks.push(`${name} [${path.join('.')}]: ${issue.message}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  });

  it('reads like the accountant would say it', () => {
    expect(describeInputIssue('budget.projectSave', { path: ['amounts', 0, 'year'], message: '年度必须是整数' })).toBe('输入有误：分年度金额 第1行：年度必须是整数');
    expect(describeInputIssue('budget.projectSave', { path: ['amounts', 0, 'year'], message: '不能小于2000' })).toBe('输入有误：分年度金额 第1行 年度：不能小于2000');
    expect(describeInputIssue('budget.projectSave', { path: ['targets', 1, 'name'], message: '必须填写' })).toBe('输入有误：绩效目标 第2行 绩效指标名称：必须填写');
    expect(describeInputIssue('voucher.save', { path: ['lines', 2, 'dims', 'econ_dep'], message: '不能超过40个字' })).toBe('输入有误：分录 第3行 辅助核算 部门经济分类：不能超过40个字');
    expect(describeInputIssue('voucher.review', { path: ['ids', 4], message: '标识格式不正确（应为 UUIDv7）' })).toBe('输入有误：选中的记录 第5项：标识格式不正确（应为 UUIDv7）');
    expect(describeInputIssue('book.get', { path: [], message: '含有1个本操作不接受的字段' })).toBe('输入有误：含有1个本操作不接受的字段');
    // zod's own checks, where a schema gives no message.
    const parsed = commands['ledger.detail'].input.safeParse({ bookId: '0190a0a0-0000-7000-8000-000000000000', accountCode: '1001', year: 2026, fromMonth: 1, toMonth: 1, limit: 5000 });
    expect(parsed.success).toBe(false);
    if (!parsed.success) expect(describeInputIssue('ledger.detail', { path: parsed.error.issues[0]!.path as (string | number)[], message: parsed.error.issues[0]!.message })).toBe('输入有误：每页行数：不能大于1000');
  });
});
