import { Descriptions, Typography } from 'antd';
import { useCommand } from '../../api/useCommand';
import { ErrorResult } from '../../components/ErrorResult';
import { LoadingBlock } from '../../components/LoadingBlock';
import { PageHeader } from '../../components/PageHeader';

const MODE_LABELS = { electron: 'Electron 桌面版', browser: '浏览器模式' } as const;

/** 关于: version and where the data lives, for support calls. */
export function AboutPage() {
  const info = useCommand('app.info', {});
  if (info.status === 'loading') return <LoadingBlock />;
  if (info.status === 'error') return <ErrorResult title="无法读取应用信息" error={info.error} onRetry={info.reload} />;

  const path = (text: string) => (
    <Typography.Text copyable style={{ wordBreak: 'break-all' }}>
      {text}
    </Typography.Text>
  );
  const data = info.data;
  return (
    <div style={{ background: '#fff', padding: 8, height: '100%', overflow: 'auto' }}>
      <PageHeader title={`关于${data.appName}`} />
      <Descriptions
        size="small"
        bordered
        column={1}
        styles={{ label: { width: 140 } }}
        items={[
          { key: 'version', label: '应用版本', children: data.version },
          { key: 'mode', label: '运行方式', children: MODE_LABELS[data.mode] },
          { key: 'dataDir', label: '数据目录', children: path(data.dataDir) },
          { key: 'databaseFile', label: '数据库文件', children: path(data.databaseFile) },
          { key: 'schemaVersion', label: '数据库版本', children: data.schemaVersion },
          { key: 'sqliteVersion', label: 'SQLite 版本', children: data.sqliteVersion },
        ]}
      />
    </div>
  );
}
