/** Equal-width bins over [0, max] (the last bin includes max) for the score distribution. */
export function histogram(
  scores: number[],
  max: number,
  binCount: number,
): { label: string; count: number }[] {
  const width = max > 0 ? max / binCount : 1;
  const bins = Array.from({ length: binCount }, (_, i) => {
    const lo = i * width;
    const hi = (i + 1) * width;
    const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
    return { label: `${fmt(lo)}–${fmt(hi)}`, count: 0 };
  });
  for (const s of scores) {
    const i = Math.min(binCount - 1, Math.max(0, Math.floor(s / width)));
    const bin = bins[i];
    if (bin) bin.count += 1;
  }
  return bins;
}
