import dayjs from 'dayjs';
import { create as createQr } from 'qrcode';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** One SVG path of the dark modules (no innerHTML; crisp at any size). */
function qrPath(text: string): { size: number; d: string } {
  const qr = createQr(text, { errorCorrectionLevel: 'M' });
  const { size, data } = qr.modules;
  let d = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) if (data[y * size + x]) d += `M${x} ${y}h1v1h-1z`;
  }
  return { size, d };
}

const QUIET = 4;

/**
 * The verification QR of an e-certificate (REQ-CERT-5), redrawn every 30 s with the current
 * time under it: a screenshot shows an old time, so a shown phone can be told from a picture.
 */
export function LiveQr({ url, intervalMs = 30_000 }: { url: string; intervalMs?: number }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  const { size, d } = useMemo(() => qrPath(url), [url]);
  const box = size + QUIET * 2;
  const stamp = dayjs(now).format('YYYY-MM-DD HH:mm:ss');
  return (
    <figure className="az-live-qr" data-testid="live-qr" data-url={url} data-drawn-at={now.toISOString()}>
      <svg
        viewBox={`${-QUIET} ${-QUIET} ${box} ${box}`}
        role="img"
        aria-label={t('certificate.ecert.qrLabel')}
        shapeRendering="crispEdges"
        key={now.getTime()}
        className="az-live-qr-code"
      >
        <rect x={-QUIET} y={-QUIET} width={box} height={box} fill="#fff" />
        <path d={d} fill="#000" />
      </svg>
      <figcaption>
        <span className="az-live-qr-time" data-testid="live-qr-time">
          {stamp}
        </span>
        <span className="az-live-qr-hint">{t('certificate.ecert.qrHint')}</span>
      </figcaption>
    </figure>
  );
}
