// A small SVG line-chart writer for the report: log-scaled axes, one polyline per series, and a
// cross where a series failed. Panels are laid out in a grid inside one SVG file, so the README
// embeds a single image.

export interface Series {
  name: string;
  color: string;
  points: [number, number][];
  /** x positions where this series failed, labelled at the top of the panel. */
  failures?: { x: number; label: string }[];
  dashed?: boolean;
}

export interface Panel {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Horizontal target line, e.g. the 1 s load target. */
  target?: { y: number; label: string };
  /** Format of y tick labels. */
  yFormat?: (y: number) => string;
  xFormat?: (x: number) => string;
}

const W = 420;
const H = 300;
const M = { left: 62, right: 16, top: 34, bottom: 46 };

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) ticks.push(v);
    }
  }
  return ticks;
}

function panelSvg(p: Panel, ox: number, oy: number): string {
  const xs = p.series.flatMap((s) => [...s.points.map((q) => q[0]), ...(s.failures ?? []).map((f) => f.x)]);
  const ys = p.series.flatMap((s) => s.points.map((q) => q[1])).filter((y) => y > 0);
  if (p.target) ys.push(p.target.y);
  const xLo = Math.min(...xs);
  const xHi = Math.max(...xs);
  // Round the y range out to whole decades, so ticks land on 1-2-5 values.
  const yLo = 10 ** Math.floor(Math.log10(Math.min(...ys)));
  const yHi = 10 ** Math.ceil(Math.log10(Math.max(...ys)));
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const X = (x: number) => ox + M.left + ((Math.log10(x) - Math.log10(xLo)) / (Math.log10(xHi) - Math.log10(xLo) || 1)) * pw;
  const Y = (y: number) => oy + M.top + ph - ((Math.log10(y) - Math.log10(yLo)) / (Math.log10(yHi) - Math.log10(yLo) || 1)) * ph;
  const fy = p.yFormat ?? ((y: number) => String(+y.toPrecision(3)));
  const fx = p.xFormat ?? ((x: number) => (x >= 1000 ? `${x / 1000}k` : String(x)));
  const out: string[] = [];
  out.push(`<text x="${ox + W / 2}" y="${oy + 18}" text-anchor="middle" font-size="14" font-weight="bold">${esc(p.title)}</text>`);
  // Grid and ticks.
  for (const t of logTicks(yLo, yHi)) {
    out.push(`<line x1="${ox + M.left}" x2="${ox + W - M.right}" y1="${Y(t)}" y2="${Y(t)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${ox + M.left - 6}" y="${Y(t) + 4}" text-anchor="end" font-size="11" fill="#444">${esc(fy(t))}</text>`);
  }
  const xTicks = [...new Set(xs)].sort((a, b) => a - b);
  for (const t of xTicks) {
    out.push(`<line x1="${X(t)}" x2="${X(t)}" y1="${oy + M.top}" y2="${oy + H - M.bottom}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${X(t)}" y="${oy + H - M.bottom + 16}" text-anchor="middle" font-size="11" fill="#444">${esc(fx(t))}</text>`);
  }
  out.push(`<rect x="${ox + M.left}" y="${oy + M.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`);
  out.push(`<text x="${ox + M.left + pw / 2}" y="${oy + H - 8}" text-anchor="middle" font-size="12">${esc(p.xLabel)}</text>`);
  out.push(`<text transform="translate(${ox + 14},${oy + M.top + ph / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(p.yLabel)}</text>`);
  if (p.target) {
    const y = Y(p.target.y);
    out.push(`<line x1="${ox + M.left}" x2="${ox + W - M.right}" y1="${y}" y2="${y}" stroke="#c00" stroke-dasharray="2 3"/>`);
    out.push(`<text x="${ox + W - M.right - 4}" y="${y - 4}" text-anchor="end" font-size="10" fill="#c00">${esc(p.target.label)}</text>`);
  }
  for (const s of p.series) {
    const pts = s.points.filter((q) => q[1] > 0);
    if (pts.length > 1) {
      out.push(
        `<polyline fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''} points="${pts.map(([x, y]) => `${X(x).toFixed(1)},${Y(y).toFixed(1)}`).join(' ')}"/>`,
      );
    }
    for (const [x, y] of pts) out.push(`<circle cx="${X(x).toFixed(1)}" cy="${Y(y).toFixed(1)}" r="3" fill="${s.color}"/>`);
    for (const f of s.failures ?? []) {
      const cx = X(f.x);
      const cy = oy + M.top + 14;
      out.push(`<path d="M${cx - 5},${cy - 5}L${cx + 5},${cy + 5}M${cx - 5},${cy + 5}L${cx + 5},${cy - 5}" stroke="${s.color}" stroke-width="2.5"/>`);
      out.push(`<text x="${cx - 8}" y="${cy + 4}" text-anchor="end" font-size="10" fill="${s.color}">${esc(f.label)}</text>`);
    }
  }
  return out.join('\n');
}

/** Panels in a grid of `columns`, with one shared legend of every series name underneath. */
export function chartSvg(panels: Panel[], columns = 2, caption?: string): string {
  const rows = Math.ceil(panels.length / columns);
  const legend = new Map<string, Series>();
  for (const p of panels) for (const s of p.series) if (!legend.has(s.name)) legend.set(s.name, s);
  const legendH = 30;
  const captionH = caption ? 20 : 0;
  const width = columns * W;
  const height = rows * H + legendH + captionH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
  ];
  panels.forEach((p, i) => parts.push(panelSvg(p, (i % columns) * W, Math.floor(i / columns) * H)));
  let lx = 20;
  const ly = rows * H + 18;
  for (const s of legend.values()) {
    parts.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    parts.push(`<text x="${lx + 30}" y="${ly}" font-size="12">${esc(s.name)}</text>`);
    lx += 40 + s.name.length * 6.5;
  }
  if (caption) parts.push(`<text x="20" y="${rows * H + legendH + 12}" font-size="11" fill="#555">${esc(caption)}</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}
