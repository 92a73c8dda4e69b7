/**
 * Commands of the budget workspace (项目库, 预算编制, 指标, 支付, 调整调剂, 执行监控).
 * Spread into the command map in commands.ts.
 */
export const budgetCommands = {} as const;
