import { Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** 6-digit one-time code: numeric keyboard on phones, one-time-code autofill, digits only. */
export function TotpInput({
  value,
  onChange,
  autoFocus = true,
  id,
}: {
  value?: string;
  onChange?: (value: string) => void;
  autoFocus?: boolean;
  id?: string;
}) {
  const { t } = useTranslation();
  return (
    <Input
      id={id}
      data-testid="totp-input"
      className="az-totp-input"
      size="large"
      value={value}
      onChange={(e) => onChange?.(e.target.value.replace(/\D/g, '').slice(0, 6))}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={6}
      autoFocus={autoFocus}
      placeholder={t('login.totpPlaceholder')}
      aria-label={t('login.totp')}
    />
  );
}
