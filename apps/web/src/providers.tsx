import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
// The ES-module locale files: `antd/locale/*` is a CommonJS re-export whose default import
// the bundler resolves to the module object, and antd then silently falls back to English.
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createQueryClient } from './api/query-client.ts';
import { NotificationBridge } from './components/error-notifications.tsx';
import { currentLanguage } from './i18n/index.ts';

const theme = {
  token: {
    colorPrimary: '#0b5cad',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
};

export function Providers({ children }: { children: ReactNode }) {
  useTranslation(); // re-render (and switch the antd locale) when the language changes
  const [queryClient] = useState(createQueryClient);
  return (
    <ConfigProvider locale={currentLanguage() === 'en-US' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <NotificationBridge />
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
