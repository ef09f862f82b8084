import { Alert } from 'antd';
import { ApiError } from '../../api/client.ts';

/** A refused transition: the server's message, and for ELIGIBILITY_FAILED each failed rule. */
export function ActionError({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const details = error instanceof ApiError ? error.details : [];
  return (
    <Alert
      type="error"
      showIcon
      className="az-form-alert"
      data-testid="action-error"
      message={message}
      description={
        details.length > 0 ? (
          <ul className="az-detail-list">
            {details.map((d, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: details have no identity of their own
              <li key={i}>{d.message}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
