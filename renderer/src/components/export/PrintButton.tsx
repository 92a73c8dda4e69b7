import { useState } from 'react';
import { App, Button, Dropdown, type MenuProps } from 'antd';
import { DownOutlined, PrinterOutlined } from '@ant-design/icons';
import type { PrintRequest } from '../../../../shared/api/exportCommands';
import { api } from '../../api/transport';
import { errorMessage } from '../../api/errorMessage';
import { deliverFile } from './deliverFile';
import { printInFrame } from './printFrame';

type Action = 'print' | 'pdf';
type Paper = 'voucher' | 'a4';

/**
 * 打印 / 保存为PDF for vouchers, books (承前页/过次页) and statements. 打印 opens the system
 * print dialog on the core's print page; 保存为PDF has Chromium render the same page.
 * Vouchers offer both papers: 凭证纸 240×140 mm, or A4 with two vouchers per page.
 */
export function PrintButton({ request, disabled, label = '打印', testId = 'print' }: { request: PrintRequest; disabled?: boolean; label?: string; testId?: string }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const vouchers = request.document === 'vouchers';

  async function run(action: Action, paper?: Paper) {
    const input: PrintRequest = vouchers && paper ? { ...request, paper } : request;
    setBusy(true);
    try {
      if (action === 'print') {
        const page = await api.send('print.html', input);
        await printInFrame(page.html);
        message.info(`已送打印：${page.title}，共 ${page.pages} 页`);
      } else {
        const file = await api.send('print.pdf', input);
        const delivered = await deliverFile(file);
        if (delivered.saved) message.success(`已保存 ${file.fileName}（${file.pages ?? 0} 页）`);
        else if (delivered.error) message.error(delivered.error);
      }
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  const items: MenuProps['items'] = vouchers
    ? [
        { key: 'print:voucher', label: '打印（凭证纸 240×140毫米）' },
        { key: 'print:a4', label: '打印（A4，每页两张）' },
        { type: 'divider' },
        { key: 'pdf:voucher', label: '保存为PDF（凭证纸）' },
        { key: 'pdf:a4', label: '保存为PDF（A4，每页两张）' },
      ]
    : [
        { key: 'print', label: '打印' },
        { key: 'pdf', label: '保存为PDF' },
      ];
  return (
    <Dropdown
      disabled={disabled || busy}
      trigger={['click']}
      menu={{
        items,
        onClick: ({ key }) => {
          const [action, paper] = key.split(':') as [Action, Paper | undefined];
          void run(action, paper);
        },
      }}
    >
      <Button size="small" icon={<PrinterOutlined />} loading={busy} data-testid={testId}>
        {label} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
