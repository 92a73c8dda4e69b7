import type { budgetCommands } from '../../../shared/api/budgetCommands';
import type { HandlersOf } from '../handlerTypes';

export const budgetHandlers: HandlersOf<typeof budgetCommands> = {};
