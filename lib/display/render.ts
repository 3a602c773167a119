// Rasterizes without a browser: vega draws a vega-lite spec as SVG, resvg turns SVG into PNG.
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { DisplayEnvironmentError } from '../errors';

/** Charts are drawn at twice their CSS size so they stay sharp on high-density screens. */
export const PIXEL_RATIO = 2;
/** Debian's fonts-dejavu-core; when absent resvg falls back to any system font, so only "none" is fatal. */
const FONT_FAMILY = 'DejaVu Sans';
const RESVG_OPTIONS: ResvgRenderOptions = {
  background: 'white',
  font: { loadSystemFonts: true, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
};

export interface RenderedPng {
  readonly png: Uint8Array;
  /** Size in device pixels. */
  readonly width: number;
  readonly height: number;
}

let fontsVerified = false;

/**
 * Throws unless resvg finds a font: without one it silently drops every label, leaving charts that look fine
 * but cannot be read.
 */
export function assertFontsAvailable(): void {
  if (fontsVerified) return;
  const probe = '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="30"><text x="2" y="24" font-size="20">Hg</text></svg>';
  const { pixels } = new Resvg(probe, { font: RESVG_OPTIONS.font }).render();
  let inked = 0;
  for (let alpha = 3; alpha < pixels.length; alpha += 4) if (pixels[alpha] !== 0) inked++;
  if (inked === 0) {
    throw new DisplayEnvironmentError(
      'resvg found no font in the system font folders, so chart labels would be blank. ' +
        'Install one (Debian/Ubuntu: `apt-get install fonts-dejavu-core`) and restart the kernel.',
    );
  }
  fontsVerified = true;
}

/** Rasterizes an SVG document at the size it declares, on white, with system fonts. */
export function svgToPng(svg: string): RenderedPng {
  assertFontsAvailable();
  const image = new Resvg(svg, RESVG_OPTIONS).render();
  return { png: image.asPng(), width: image.width, height: image.height };
}

/** Compiles a vega-lite spec and renders it to PNG at {@link PIXEL_RATIO} times its CSS size. */
export async function vegaLiteToPng(spec: TopLevelSpec): Promise<RenderedPng> {
  // vega tags the data rows it ingests; a copy keeps the spec in the bundle as the caller built it.
  const view = new vega.View(vega.parse(compile(structuredClone(spec)).spec), { renderer: 'none' });
  try {
    return svgToPng(await view.toSVG(PIXEL_RATIO));
  } finally {
    view.finalize();
  }
}
