import type { Handlers } from './handlerTypes';
import { budgetHandlers } from './budget/handlers';
import { exportHandlers } from './export/handlers';
import { systemHandlers } from './audit/handlers';
import { importHandlers } from './imports/handlers';
import { syncHandlers } from './sync/handlers';
import { listAccounts, listClassifications } from './accounts/queries';
import { createBook } from './books/create';
import { listBooks, requireBook, setVoucherWords } from './books/queries';
import { AppError } from '../../shared/api/errors';
import { bootstrap, closeSession, createUser, hasUsers, listUsers, login, resetPassword } from './auth/users';
import { createAccount, deleteAccount, renameAccount, setAccountDimensions, setAccountEnabled } from './accounts/maintain';
import { closePeriod, listPeriods, reopenPeriod } from './ledger/closing';
import { dimensionBalance, generalLedger, journal } from './ledger/books';
import { ledgerDetail } from './ledger/detail';
import { statement } from './ledger/statements';
import { trialBalance } from './ledger/trialBalance';
import { listVouchers, requireVoucher } from './ledger/voucherQueries';
import {
  deleteVoucher,
  postVouchers,
  renumberVouchers,
  reverseVoucher,
  reviewVouchers,
  saveVoucher,
  unreviewVouchers,
} from './ledger/vouchers';

export type { Handler, Handlers } from './handlerTypes';

export const handlers: Handlers = {
  'system.ping': () => ({ pong: true, at: Date.now() }),
  'app.info': (_input, ctx) => ({
    appName: '乡财通',
    version: ctx.info.appVersion,
    dataDir: ctx.info.dataDir,
    databaseFile: ctx.info.databaseFile,
    schemaVersion: ctx.info.schemaVersion,
    sqliteVersion: ctx.info.sqliteVersion,
    mode: ctx.info.mode,
  }),
  'book.list': (_input, ctx) => listBooks(ctx.read),
  'book.create': (input, ctx) => createBook(ctx, input),
  'book.get': (input, ctx) => requireBook(ctx.read, input.bookId),
  'book.setVoucherWords': (input, ctx) => setVoucherWords(ctx.write, input.bookId, input.voucherWords),
  'account.list': (input, ctx) => {
    requireBook(ctx.read, input.bookId);
    return listAccounts(ctx.read, input.bookId);
  },
  'classification.list': (input, ctx) => {
    requireBook(ctx.read, input.bookId);
    return listClassifications(ctx.read, input.bookId, input.kind);
  },
  'auth.status': (_input, ctx) => ({ hasUsers: hasUsers(ctx.read), user: ctx.user }),
  'auth.bootstrap': async (input, ctx) => {
    if (!input.roles.includes('admin')) {
      throw new AppError('RULE_VIOLATION', '第一个用户须包含“管理员”角色，以便之后添加其他用户', {
        issues: [{ path: ['roles'], message: '须包含管理员' }],
      });
    }
    if (hasUsers(ctx.read)) throw new AppError('CONFLICT', '本机已有用户，请登录后由管理员添加新用户');
    return bootstrap(ctx.write, input, ctx.now());
  },
  'auth.login': (input, ctx) => login(ctx.write, input.username, input.password, ctx.now()),
  'auth.logout': (_input, ctx) => {
    if (ctx.session) closeSession(ctx.write, ctx.session);
    return { loggedOut: true };
  },
  'user.list': (_input, ctx) => listUsers(ctx.read),
  'user.create': (input, ctx) => createUser(ctx.write, input, ctx.now()),
  'user.resetPassword': (input, ctx) => resetPassword(ctx.write, input),
  'account.setEnabled': (input, ctx) => {
    requireBook(ctx.read, input.bookId);
    return setAccountEnabled(ctx, input.bookId, input.code, input.enabled);
  },
  'account.create': (input, ctx) => createAccount(ctx, requireBook(ctx.read, input.bookId).id, input.parentCode, input.code, input.name),
  'account.rename': (input, ctx) => renameAccount(ctx, requireBook(ctx.read, input.bookId).id, input.code, input.name),
  'account.delete': (input, ctx) => deleteAccount(ctx, requireBook(ctx.read, input.bookId).id, input.code),
  'account.setDimensions': (input, ctx) => setAccountDimensions(ctx, requireBook(ctx.read, input.bookId).id, input.code, input.dimensions),
  'voucher.save': (input, ctx) => saveVoucher(ctx, requireBook(ctx.read, input.bookId), input),
  'voucher.get': (input, ctx) => requireVoucher(ctx.read, input.bookId, input.id),
  'voucher.list': (input, ctx) => listVouchers(ctx.read, input.bookId, input.year, input.month, input.status),
  'voucher.delete': (input, ctx) => deleteVoucher(ctx, requireBook(ctx.read, input.bookId), input.id),
  'voucher.review': (input, ctx) => reviewVouchers(ctx, requireBook(ctx.read, input.bookId), input.ids),
  'voucher.unreview': (input, ctx) => unreviewVouchers(ctx, requireBook(ctx.read, input.bookId), input.ids),
  'voucher.post': (input, ctx) => postVouchers(ctx, requireBook(ctx.read, input.bookId), input.ids),
  'voucher.reverse': (input, ctx) => reverseVoucher(ctx, requireBook(ctx.read, input.bookId), input),
  'voucher.renumber': (input, ctx) => renumberVouchers(ctx, requireBook(ctx.read, input.bookId), input),
  'period.list': (input, ctx) => listPeriods(ctx.read, requireBook(ctx.read, input.bookId).id),
  'period.close': async (input, ctx) => {
    const book = requireBook(ctx.read, input.bookId);
    // 结账 (and 年结, with December) only after a backup: a failed backup is reported in 设置, it does not block closing.
    const backup = await ctx.backups.beforeClose(input.year, input.month);
    return ctx.write.transaction((db) => {
      db.note({ backup: backup?.name ?? '结账前备份未成功，见设置 → 数据备份' });
      return closePeriod({ ...ctx, write: db }, book, input);
    });
  },
  'period.reopen': (input, ctx) => reopenPeriod(ctx, requireBook(ctx.read, input.bookId), input, input.reason),
  'ledger.trialBalance': (input, ctx) => trialBalance(ctx.read, requireBook(ctx.read, input.bookId).id, input.year, input.month),
  'ledger.detail': (input, ctx) => ledgerDetail(ctx.read, { ...input, bookId: requireBook(ctx.read, input.bookId).id }),
  'ledger.general': (input, ctx) => generalLedger(ctx.read, requireBook(ctx.read, input.bookId).id, input.accountCode, input.year),
  'ledger.journal': (input, ctx) => journal(ctx.read, requireBook(ctx.read, input.bookId).id, input.accountCode, input.year, input.month),
  'ledger.dimensionBalance': (input, ctx) => dimensionBalance(ctx.read, { ...input, bookId: requireBook(ctx.read, input.bookId).id }),
  ...budgetHandlers,
  ...exportHandlers,
  ...systemHandlers,
  ...importHandlers,
  ...syncHandlers,
  'statement.get': (input, ctx) => statement(ctx.read, requireBook(ctx.read, input.bookId).id, input.id, input.year, input.month),
};
