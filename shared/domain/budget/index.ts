/**
 * Budget workspace rules (项目库, 预算编制, 预算指标, 支付, 调整调剂, 执行监控, 绩效监控): pure
 * functions shared by the core, the renderer and the server. See README.md for the glossary.
 */
export * from './types';
export * from './stateMachines';
export * from './elements';
export * from './econMapping';
export * from './indicatorLedger';
export * from './basicExpenditure';
export * from './controlFigures';
export * from './snapshots';
export * from './paymentVoucher';
export * from './execution';
export * from './performance';
