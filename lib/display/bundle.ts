// Display bundles: what a notebook output holds, one representation per MIME type, built without a kernel.
import type { TopLevelSpec } from 'vega-lite';
import { PIXEL_RATIO, vegaLiteToPng } from './render';

export const MIME_VEGA_LITE = 'application/vnd.vegalite.v5+json';
export const MIME_PNG = 'image/png';
export const MIME_HTML = 'text/html';
export const MIME_TEXT = 'text/plain';

/** The content of a Jupyter display_data message; JSON-safe, so it can be sent, saved or compared as is. */
export interface DisplayBundle {
  /** MIME type → representation: strings, base64 for images, a JSON object for vega-lite. */
  readonly data: Readonly<Record<string, unknown>> & { readonly [MIME_TEXT]: string };
  /** Per-MIME hints, e.g. the CSS size of a PNG rendered at a higher pixel ratio. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** A PNG with a text fallback; `cssWidth` shows a high-density PNG at its intended size. */
export function pngBundle(png: Uint8Array, text: string, cssWidth?: number): DisplayBundle {
  return {
    data: { [MIME_PNG]: Buffer.from(png).toString('base64'), [MIME_TEXT]: text },
    metadata: cssWidth === undefined ? {} : { [MIME_PNG]: { width: cssWidth } },
  };
}

/**
 * A vega-lite chart: the spec (interactive in JupyterLab) plus a PNG of it (for nbconvert HTML, GitHub and
 * untrusted notebooks). No text/html: JupyterLab would rank it above the spec.
 */
export async function chartBundle(spec: TopLevelSpec, text: string): Promise<DisplayBundle> {
  const image = await vegaLiteToPng(spec);
  const png = pngBundle(image.png, text, image.width / PIXEL_RATIO);
  return { data: { [MIME_VEGA_LITE]: spec, ...png.data }, metadata: png.metadata };
}

/** Plain text only, e.g. a status line. */
export function textBundle(text: string): DisplayBundle {
  return { data: { [MIME_TEXT]: text }, metadata: {} };
}

/** An HTML fragment with a text fallback, for content that has no vega representation (tables). */
export function htmlBundle(html: string, text: string): DisplayBundle {
  return { data: { [MIME_HTML]: html, [MIME_TEXT]: text }, metadata: {} };
}
