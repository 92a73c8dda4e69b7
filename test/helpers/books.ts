import type { BookCreateInput } from '../../shared/api/schemas';
import { uuidv7 } from '../../shared/domain/id';

export function bookInput(overrides: Partial<BookCreateInput> = {}): BookCreateInput {
  return {
    id: uuidv7(),
    name: '青山镇人民政府',
    regionCode: '420102',
    unitType: '行政单位',
    startYear: 2026,
    startMonth: 1,
    supervisor: '王会计',
    ...overrides,
  };
}
