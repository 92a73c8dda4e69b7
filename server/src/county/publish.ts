import { z } from 'zod';
import { uuidv7 } from '../../../shared/domain/id';
import { canonicalJson } from '../../../shared/sync/canonical';
import type { CountyKind } from '../../../shared/sync/kinds';
import { noticeSchema, referenceDataSchema, thresholdSchema } from '../../../shared/sync/records';
import type { Operator } from '../auth/operators';
import type { ServerContext } from '../context';
import { appendFeed, requireTownship } from './townships';

export const referencePublishSchema = z.object({
  kind: z.enum(['classification', 'chart', 'econMapping'], { error: '基础数据类型只能是 classification（收支分类）、chart（会计科目）或 econMapping（经济分类对照）' }),
  version: z.string().trim().min(1, '请填写版本号').max(40),
  note: z.string().trim().max(500).default(''),
  items: z.array(z.record(z.string(), z.unknown())).min(1, '基础数据不能为空').max(50_000),
});

export const thresholdPublishSchema = z
  .object({
    yellowBp: z.number().int().min(0).max(10_000),
    redBp: z.number().int().min(0).max(10_000),
    townshipCode: z.string().trim().optional(),
  })
  .refine((t) => t.redBp >= t.yellowBp, { message: '红色预警线（落后个百分点）不能小于黄色预警线', path: ['redBp'] });

export const noticePublishSchema = z.object({
  title: z.string().trim().min(1, '请填写标题').max(100),
  body: z.string().trim().min(1, '请填写内容').max(5000),
  townshipCode: z.string().trim().optional(),
});

/**
 * A county record for every township (kept in `broadcast`, so a township registered later gets
 * the latest of its kind) or for one township only.
 */
async function publish(ctx: ServerContext, operator: Operator, kind: CountyKind, key: string, data: string, townshipCode?: string): Promise<{ townships: number }> {
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    if (townshipCode) {
      await requireTownship(tx, townshipCode);
      await appendFeed(tx, townshipCode, { kind, key, book: null, data }, now);
      return { townships: 1 };
    }
    await tx.query('INSERT INTO broadcast (kind, key, schema, data, created_by, created_at) VALUES ($1, $2, 1, $3, $4, $5)', [kind, key, data, operator.id, now]);
    const townships = await tx.query<{ code: string }>('SELECT code FROM township ORDER BY code');
    for (const t of townships) await appendFeed(tx, t.code, { kind, key, book: null, data }, now);
    return { townships: townships.length };
  });
}

export async function publishReference(ctx: ServerContext, operator: Operator, input: z.infer<typeof referencePublishSchema>) {
  const data = referenceDataSchema.parse({ ...input, publishedAt: ctx.now().toISOString() });
  return { ...(await publish(ctx, operator, 'referenceData', input.kind, canonicalJson(data))), version: input.version };
}

export async function publishThreshold(ctx: ServerContext, operator: Operator, input: z.infer<typeof thresholdPublishSchema>) {
  const data = thresholdSchema.parse({ yellowBp: input.yellowBp, redBp: input.redBp, publishedAt: ctx.now().toISOString() });
  return publish(ctx, operator, 'threshold', 'monitoring', canonicalJson(data), input.townshipCode);
}

export async function publishNotice(ctx: ServerContext, operator: Operator, input: z.infer<typeof noticePublishSchema>) {
  const data = noticeSchema.parse({ id: uuidv7(), title: input.title, body: input.body, publishedAt: ctx.now().toISOString() });
  return { ...(await publish(ctx, operator, 'notice', data.id, canonicalJson(data), input.townshipCode)), id: data.id };
}
