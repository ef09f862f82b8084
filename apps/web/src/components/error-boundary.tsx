import { Button, Result, Space } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { RequestIdLine } from './error-notifications.tsx';

interface Props {
  children: ReactNode;
  /** Changing it (e.g. the pathname) clears a shown error, so navigating away recovers. */
  resetKey?: string;
}

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidUpdate(previous: Props): void {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Render error', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error) {
      return <ErrorFallback error={this.state.error} onRetry={() => this.setState({ error: null })} />;
    }
    return this.props.children;
  }
}

function ErrorFallback({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div data-testid="error-boundary">
      <Result
        status="error"
        title={t('errors.boundaryTitle')}
        subTitle={
          <Space direction="vertical" size={4}>
            <span>{error instanceof ApiError ? error.message : t('errors.boundarySubtitle')}</span>
            {error instanceof ApiError && error.requestId ? (
              <RequestIdLine requestId={error.requestId} />
            ) : null}
          </Space>
        }
        extra={[
          <Button key="retry" type="primary" onClick={onRetry}>
            {t('errors.retry')}
          </Button>,
          <Button key="reload" onClick={() => window.location.reload()}>
            {t('errors.reload')}
          </Button>,
        ]}
      />
    </div>
  );
}
