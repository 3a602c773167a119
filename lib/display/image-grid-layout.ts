// Where each tile, title and caption of an image grid goes, and the SVG that places them; no tensors here.

const PAD_PX = 8;
const GAP_PX = 6;
const TITLE_FONT_PX = 14;
const TITLE_HEIGHT_PX = 22;
const CAPTION_FONT_PX = 11;
const CAPTION_LINE_PX = 14;
/** Average glyph width of DejaVu Sans as a share of the font size, to widen cells for long captions. */
const GLYPH_WIDTH_EM = 0.62;
const DEFAULT_CAPTION_COLOR = '#333';

/** A row as the layout sees it: a title, how many tiles, and the caption lines of each tile. */
export interface LayoutRow {
  readonly title: string;
  readonly tiles: number;
  readonly captions?: readonly string[];
  readonly captionColors?: readonly string[];
}

export interface GridLayout {
  readonly width: number;
  readonly height: number;
  /** Top-left corner of each tile, by row then column. */
  readonly tiles: readonly (readonly { x: number; y: number }[])[];
  readonly cellWidth: number;
}

function captionLines(row: LayoutRow): string[][] {
  return (row.captions ?? []).slice(0, row.tiles).map((caption) => caption.split('\n'));
}

/** Cells are as wide as the widest caption line needs, and never narrower than a tile. */
export function imageGridLayout(rows: readonly LayoutRow[], tileWidth: number, tileHeight: number): GridLayout {
  const longest = Math.max(0, ...rows.flatMap((row) => captionLines(row).flat().map((line) => line.length)));
  const cellWidth = Math.max(tileWidth, Math.ceil(longest * CAPTION_FONT_PX * GLYPH_WIDTH_EM));
  const columns = Math.max(1, ...rows.map((row) => row.tiles));
  let y = PAD_PX;
  const tiles = rows.map((row) => {
    const top = y + TITLE_HEIGHT_PX;
    const lines = Math.max(0, ...captionLines(row).map((caption) => caption.length));
    y = top + tileHeight + lines * CAPTION_LINE_PX + GAP_PX;
    return Array.from({ length: row.tiles }, (_, c) => ({
      x: PAD_PX + c * (cellWidth + GAP_PX) + Math.floor((cellWidth - tileWidth) / 2),
      y: top,
    }));
  });
  return { width: 2 * PAD_PX + columns * cellWidth + (columns - 1) * GAP_PX, height: y - GAP_PX + PAD_PX, tiles, cellWidth };
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The grid as SVG: `pngs[row][column]` are base64 PNG tiles of `tileWidth` x `tileHeight` pixels. */
export function imageGridSvg(
  rows: readonly LayoutRow[],
  pngs: readonly (readonly string[])[],
  tileWidth: number,
  tileHeight: number,
): { svg: string; layout: GridLayout } {
  const layout = imageGridLayout(rows, tileWidth, tileHeight);
  const parts: string[] = [];
  rows.forEach((row, r) => {
    const tiles = layout.tiles[r] ?? [];
    const titleY = (tiles[0]?.y ?? PAD_PX + TITLE_HEIGHT_PX) - 7;
    parts.push(`<text x="${PAD_PX}" y="${titleY}" font-size="${TITLE_FONT_PX}" font-weight="bold" fill="#222">${escapeXml(row.title)}</text>`);
    tiles.forEach(({ x, y }, c) => {
      const png = pngs[r]?.[c] ?? '';
      parts.push(`<image x="${x}" y="${y}" width="${tileWidth}" height="${tileHeight}" href="data:image/png;base64,${png}"/>`);
    });
    captionLines(row).forEach((lines, c) => {
      const tile = tiles[c];
      if (tile === undefined) return;
      const color = escapeXml(row.captionColors?.[c] ?? DEFAULT_CAPTION_COLOR);
      const centre = tile.x + tileWidth / 2;
      const spans = lines.map((line, i) => `<tspan x="${centre}" y="${tile.y + tileHeight + (i + 1) * CAPTION_LINE_PX - 2}">${escapeXml(line)}</tspan>`);
      parts.push(`<text font-size="${CAPTION_FONT_PX}" text-anchor="middle" fill="${color}">${spans.join('')}</text>`);
    });
  });
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}">` +
    `<rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>`;
  return { svg, layout };
}
