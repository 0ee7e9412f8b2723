/** Pure: horizontal bar panels as one SVG document, drawn from benchmark numbers. */

export interface Bar {
  label: string;
  /** null: the contender has no number (it failed); drawn as a note instead of a bar. */
  value: number | null;
  note?: string;
}

export interface Panel {
  title: string;
  unit: string;
  bars: Bar[];
  /** A dashed line at a goal or limit. */
  target?: { value: number; label: string };
}

const WIDTH = 760;
const LABEL_W = 300;
const BAR_H = 22;
const GAP = 6;
const PANEL_PAD = 46;
const COLORS = ['#3b6fb6', '#d9822b', '#5a9e4b', '#9b59b6', '#c0392b', '#7f8c8d'];

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function formatValue(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : String(Math.round(value * 10) / 10);
}

function panelHeight(panel: Panel): number {
  return PANEL_PAD + panel.bars.length * (BAR_H + GAP) + (panel.target ? 24 : 10);
}

function renderPanel(panel: Panel, top: number): string {
  const plotW = WIDTH - LABEL_W - 90;
  const max = Math.max(1, ...panel.bars.map((b) => b.value ?? 0), panel.target?.value ?? 0);
  const x = (v: number): number => LABEL_W + (v / max) * plotW;
  const parts = [`<text x="10" y="${top + 22}" font-size="15" font-weight="bold">${escapeXml(panel.title)} (${escapeXml(panel.unit)})</text>`];
  panel.bars.forEach((bar, i) => {
    const y = top + PANEL_PAD - 10 + i * (BAR_H + GAP);
    parts.push(`<text x="${LABEL_W - 8}" y="${y + BAR_H * 0.7}" font-size="12" text-anchor="end">${escapeXml(bar.label)}</text>`);
    if (bar.value === null) {
      parts.push(`<text x="${LABEL_W + 4}" y="${y + BAR_H * 0.7}" font-size="12" fill="#c0392b">${escapeXml(bar.note ?? 'no result')}</text>`);
      return;
    }
    const w = Math.max(1, x(bar.value) - LABEL_W);
    parts.push(`<rect x="${LABEL_W}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="${COLORS[i % COLORS.length]}"/>`);
    parts.push(`<text x="${(LABEL_W + w + 5).toFixed(1)}" y="${y + BAR_H * 0.7}" font-size="12">${escapeXml(formatValue(bar.value))}</text>`);
  });
  if (panel.target) {
    const tx = x(panel.target.value).toFixed(1);
    const bottom = top + PANEL_PAD - 10 + panel.bars.length * (BAR_H + GAP);
    parts.push(`<line x1="${tx}" y1="${top + PANEL_PAD - 14}" x2="${tx}" y2="${bottom}" stroke="#333" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${tx}" y="${bottom + 12}" font-size="11" text-anchor="middle">${escapeXml(panel.target.label)}</text>`);
  }
  return parts.join('\n');
}

export function renderSvg(title: string, subtitle: string, panels: readonly Panel[]): string {
  let top = 50;
  const body: string[] = [];
  for (const panel of panels) {
    body.push(renderPanel(panel, top));
    top += panelHeight(panel) + 14;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${top}" viewBox="0 0 ${WIDTH} ${top}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="22" font-size="17" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="10" y="40" font-size="12" fill="#555">${escapeXml(subtitle)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
