import { join } from 'node:path';
import { openCore } from '../../../electron/core';
import { callerOf, officeUsers } from '../../../electron/core/reliability/office';
import type { SoakCounty } from '../../../electron/core/reliability/soak';
import { httpCounty } from '../../../electron/core/reliability/syncCounty';
import { checkTownshipAgainstCounty } from './checker';
import { startCountyProcess, type CountyKind } from './countyProcess';

/**
 * The county of the crash soak (scripts/soak.mjs): the real server in a process of its own on a
 * PGlite data directory beside the soak's, the campaign's hooks over its operator API, and at the
 * end the independent comparison of the township's file with the county's database.
 */
export async function startSoakCounty(soakDir: string, kind: CountyKind = 'pglite'): Promise<SoakCounty> {
  const townshipCode = '420102001';
  const server = await startCountyProcess(kind, join(soakDir, 'county'));
  await server.admin.ok('POST', '/api/townships', { code: townshipCode, name: '青山镇' });
  const hooks = httpCounty({ url: server.url, token: server.admin.token!, townshipCode, pageBytes: 16 * 1024 });
  return {
    county: hooks,
    describe: () => `county server ${server.url} (${kind}, ${server.dataDir})`,
    async finish(dataDir) {
      const core = openCore({ dataDir, mode: 'browser', appVersion: 'crash', log: () => {}, backupSchedule: false, sync: { schedule: false } });
      let databaseFile = '';
      try {
        databaseFile = core.databaseFile;
        const wang = await callerOf(core, () => null).ok('auth.login', officeUsers.wang);
        const caller = callerOf(core, () => wang.token);
        let run = await caller.ok('sync.now', {});
        for (let i = 0; i < 5 && run.status.pending > 0; i++) run = await caller.ok('sync.now', {});
        if (run.status.pending > 0) return { violations: [`still ${run.status.pending} changes pending after the final syncs`], summary: '' };
      } finally {
        core.close();
      }
      const db = await server.openDatabase();
      try {
        const { violations, tally } = await checkTownshipAgainstCounty(db, { name: 'soak', databaseFile, townshipCode }, { allowRejected: ['payment', 'indicatorMovement'] });
        return { violations, summary: `county: issued ${hooks.issued.indicators} indicators, ${hooks.issued.notices} notices; after the final sync ${JSON.stringify(tally)}; ${violations.length} violations` };
      } finally {
        await db.close();
      }
    },
    close: () => server.dispose(),
  };
}
