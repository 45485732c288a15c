import { useEffect, useRef } from 'react';

export interface BarSeries { label: string; values: (number | null)[]; color: string }

/**
 * A bar chart drawn by Chart.js, loaded only when a chart is on screen. The canvas is an image with a summary label;
 * the figures themselves are in the data table every chart is paired with.
 */
export function BarChart({ labels, series, summary, horizontal = false, format }: {
  labels: string[]; series: BarSeries[]; summary: string; horizontal?: boolean; format: (value: number) => string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy: () => void } | undefined;
    let cancelled = false;
    void import('./chart-setup').then(({ Chart }) => {
      if (cancelled || !canvas.current) return;
      chart = new Chart(canvas.current, {
        type: 'bar',
        data: {
          labels,
          datasets: series.map((s) => ({ label: s.label, data: s.values, backgroundColor: s.color })),
        },
        options: {
          indexAxis: horizontal ? 'y' : 'x',
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: {
            legend: { display: series.length > 1 },
            tooltip: { callbacks: { label: (item) => `${item.dataset.label}: ${format(Number(item.raw))}` } },
          },
          scales: {
            [horizontal ? 'x' : 'y']: { ticks: { callback: (value: string | number) => format(Number(value)) } },
          },
        },
      });
    });
    return () => { cancelled = true; chart?.destroy(); };
  }, [labels, series, horizontal, format]);
  const height = horizontal ? Math.max(240, labels.length * 28 + 60) : 280;
  return (
    <div className="chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={summary} />
    </div>
  );
}
