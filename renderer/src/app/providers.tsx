import type { ReactNode } from 'react';
import { App, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'antd/dist/antd.css';
import { appTheme } from './theme';

dayjs.locale('zh-cn');

/** Locale, theme and the antd `App` context (message / modal / notification hooks). */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider locale={zhCN} theme={appTheme}>
      <App style={{ height: '100%' }} message={{ top: 44, maxCount: 3 }}>
        {children}
      </App>
    </ConfigProvider>
  );
}
