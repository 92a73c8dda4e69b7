export * from './cells';
export * from './layouts';
export * from './sheet';
export * from './vouchers';
export * from './openingBalances';
export * from './accounts';
export * from './indicators';
