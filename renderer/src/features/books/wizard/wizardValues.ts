import type { BookCreateInput, UnitType } from '../../../../../shared/api';

/** The 建账 form as antd holds it: number inputs may be cleared to null while typing. */
export interface WizardValues {
  name: string;
  regionCode: string;
  unitType: UnitType;
  startYear: number | null;
  startMonth: number | null;
  supervisor: string;
}

export const WIZARD_FIELDS = ['name', 'regionCode', 'unitType', 'startYear', 'startMonth', 'supervisor'] as const;
export type WizardField = (typeof WIZARD_FIELDS)[number];

export function isWizardField(name: string | undefined): name is WizardField {
  return name !== undefined && (WIZARD_FIELDS as readonly string[]).includes(name);
}

export function defaultWizardValues(): Partial<WizardValues> {
  return { unitType: '行政单位', startYear: new Date().getFullYear(), startMonth: 1 };
}

/** What is kept in the UI store while the wizard is unfinished: the id travels with the values
 *  so a create that reached the core before a crash is retried with the same id. */
export interface WizardDraft {
  bookId: string;
  values: Partial<WizardValues>;
}

export function toCreateInput(bookId: string, values: WizardValues): BookCreateInput {
  return {
    id: bookId,
    name: values.name.trim(),
    regionCode: values.regionCode.trim(),
    unitType: values.unitType,
    startYear: values.startYear ?? Number.NaN,
    startMonth: values.startMonth ?? Number.NaN,
    supervisor: values.supervisor.trim(),
  };
}
