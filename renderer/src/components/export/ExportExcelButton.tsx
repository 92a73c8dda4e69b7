import { useState } from 'react';
import { App, Button, Tooltip } from 'antd';
import { FileExcelOutlined } from '@ant-design/icons';
import type { CommandInput } from '../../../../shared/api';
import type { exportCommands } from '../../../../shared/api/exportCommands';
import { api } from '../../api/transport';
import { errorMessage } from '../../api/errorMessage';
import { deliverFile } from './deliverFile';

export type ExportCommand = Exclude<keyof typeof exportCommands, 'print.html' | 'print.pdf'>;

/**
 * 导出Excel for any book, statement or list: the core writes the workbook (title, 编制单位,
 * 期间, 单位：元, totals, frozen header, print setup) and the file is saved or downloaded.
 * Drop it into a PageHeader with the command and the input of what the screen shows.
 */
export function ExportExcelButton<K extends ExportCommand>({
  command,
  input,
  disabled,
  label = '导出Excel',
  testId = 'export-excel',
}: {
  command: K;
  input: CommandInput<K>;
  disabled?: boolean;
  label?: string;
  testId?: string;
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  async function run() {
    setBusy(true);
    try {
      const file = await api.send(command, input);
      const delivered = await deliverFile(file);
      if (delivered.saved) message.success(`已导出 ${file.fileName}（${file.rows} 行）`);
      else if (delivered.error) message.error(delivered.error);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Tooltip title="导出为 Excel 工作簿（含标题、编制单位、期间、合计与打印设置）">
      <Button size="small" icon={<FileExcelOutlined />} loading={busy} disabled={disabled} onClick={() => void run()} data-testid={testId}>
        {label}
      </Button>
    </Tooltip>
  );
}
