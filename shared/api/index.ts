export * from './errors';
export * from './schemas';
export * from './types';
export * from './commands';
export * from './events';
export * from './client';
export * from './budgetSchemas';
export * from './budgetTypes';
