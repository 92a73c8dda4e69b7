import { useState } from 'react';
import { App, Button, InputNumber, Tabs, Tooltip } from 'antd';
import { ExportOutlined } from '@ant-design/icons';
import type { Book, User } from '../../../../shared/api';
import type { ImportFile } from '../../../../shared/api/importCommands';
import { IMPORT_KINDS, IMPORT_KIND_LABELS } from '../../../../shared/domain/imports/layouts';
import { errorMessage } from '../../api/errorMessage';
import { api } from '../../api/transport';
import { PageHeader } from '../../components/PageHeader';
import { deliverFile } from '../../components/export/deliverFile';
import { useViewportHeight } from '../../components/useViewportHeight';
import { ImportPanel } from './ImportPanel';
import './imports.css';

/** An export in the import layout (imports back unchanged). */
function LayoutExportButton({ label, tip, run }: { label: string; tip: string; run: () => Promise<ImportFile> }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Tooltip title={tip}>
      <Button
        size="small"
        icon={<ExportOutlined />}
        loading={busy}
        data-testid="import-layout-export"
        onClick={async () => {
          setBusy(true);
          try {
            const file = await run();
            const delivered = await deliverFile(file);
            if (delivered.saved) message.success(`已导出 ${file.fileName}（${file.rows} 行）`);
            else if (delivered.error) message.error(delivered.error);
          } catch (error) {
            message.error(errorMessage(error));
          } finally {
            setBusy(false);
          }
        }}
      >
        {label}
      </Button>
    </Tooltip>
  );
}

/** 数据导入: 期初余额, 会计科目, 凭证 and 预算指标 (the provincial 一体化 export), each with its template. */
export function ImportsPage({ book, user }: { book: Book; user: User }) {
  const height = Math.max(240, useViewportHeight() - 360);
  const [year, setYear] = useState(book.startYear);
  return (
    <div style={{ height: '100%', overflow: 'auto' }} data-testid="imports-page">
      <PageHeader title="数据导入" />
      <Tabs
        size="small"
        items={IMPORT_KINDS.map((kind) => ({
          key: kind,
          label: IMPORT_KIND_LABELS[kind],
          children: (
            <ImportPanel
              book={book}
              user={user}
              kind={kind}
              height={height}
              exportButton={
                kind === 'openingBalances' ? (
                  <LayoutExportButton label="导出期初余额" tip="按本模板格式导出已导入的期初余额（可再导入）" run={() => api.send('imports.exportOpeningBalances', { bookId: book.id })} />
                ) : kind === 'vouchers' ? (
                  <>
                    <InputNumber size="small" min={2000} max={2099} value={year} onChange={(v) => v && setYear(v)} style={{ width: 80 }} suffix="年" />
                    <LayoutExportButton label="导出凭证" tip="按本模板格式导出该年已记账凭证（结转凭证除外，可再导入）" run={() => api.send('imports.exportVouchers', { bookId: book.id, year, fromMonth: 1, toMonth: 12 })} />
                  </>
                ) : undefined
              }
            />
          ),
        }))}
      />
    </div>
  );
}
