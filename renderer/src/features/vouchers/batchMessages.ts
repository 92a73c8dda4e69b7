import type { BatchResult } from '../../../../shared/api';

/** A batch answer in one Chinese sentence, plus each refusal with its voucher label. */
export function describeBatch(action: string, result: BatchResult): { summary: string; failures: string[] } {
  const done = result.done.length;
  const failed = result.failed.length;
  const summary =
    failed === 0 ? `${action}完成：${done} 张凭证` : done === 0 ? `${action}未能完成：${failed} 张凭证不符合条件` : `${action}完成 ${done} 张，${failed} 张未能${action}`;
  return { summary, failures: result.failed.map((f) => `${f.label}：${f.message}`) };
}
