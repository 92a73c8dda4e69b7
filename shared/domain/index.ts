export * from './money';
export * from './id';
export * from './period';
export * from './region';
export * from './pinyinMatch';
