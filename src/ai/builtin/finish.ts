// The last step of a built-in picture: the style's treatment around the composed layers (paint,
// ink, glow, film, depth of field, grain and vignette), a remix's source laid faintly over it, and
// the SVG document itself.
import { type Canvas, n, radialGradient } from "./canvas.ts";
import type { SceneRequest } from "./scene.ts";
import type { Style } from "./vocabulary.ts";

/** The style's treatment around the layers, and the finished SVG document. */
export function finish(
  c: Canvas,
  style: Style,
  defs: string[],
  back: string[],
  middle: string[],
  weather: string[],
  request: SceneRequest,
): string {
  const { width, height, rng, palette } = c;
  const seed = rng.int(1, 9999);
  const grain = (opacity: number) => {
    const id = c.define(
      (id) =>
        `<filter id="${id}" x="0" y="0" width="100%" height="100%"><feTurbulence type="fractalNoise" baseFrequency="0.75" numOctaves="2" seed="${seed}" stitchTiles="stitch"/><feColorMatrix type="saturate" values="0"/></filter>`,
    );
    return `<rect width="${width}" height="${n(height)}" filter="url(#${id})" opacity="${opacity}"/>`;
  };
  const vignette = (strength: number) => {
    const fill = radialGradient(c, [
      [0.55, "#000000", 0],
      [1, "#000000", strength],
    ]);
    return `<rect width="${width}" height="${n(height)}" fill="${fill}"/>`;
  };
  let styleSheet = "";
  let backLayer = back.join("");
  let middleLayer = `<g class="motifs">${middle.join("")}</g>`;
  let overlay = "";
  let whole: string | null = null;
  switch (style) {
    case "watercolor": {
      const paint = c.define(
        (id) =>
          `<filter id="${id}"><feTurbulence type="fractalNoise" baseFrequency="0.018" numOctaves="3" seed="${seed}"/><feDisplacementMap in="SourceGraphic" scale="16" xChannelSelector="R" yChannelSelector="G"/><feGaussianBlur stdDeviation="1.1"/></filter>`,
      );
      whole = `url(#${paint})`;
      overlay = `${grain(0.14)}<rect width="${width}" height="${n(height)}" fill="#fbf6ea" opacity="0.16"/>`;
      break;
    }
    case "sketch": {
      styleSheet = `.motifs path,.motifs rect,.motifs circle,.motifs ellipse{stroke:${palette.ink};stroke-width:1.8;stroke-linejoin:round}`;
      const ink = c.define(
        (id) =>
          `<filter id="${id}"><feTurbulence type="turbulence" baseFrequency="0.03" numOctaves="2" seed="${seed}"/><feDisplacementMap in="SourceGraphic" scale="5" xChannelSelector="R" yChannelSelector="G"/><feColorMatrix type="saturate" values="0.35"/></filter>`,
      );
      whole = `url(#${ink})`;
      overlay = `<rect width="${width}" height="${n(height)}" fill="#f7f1e3" opacity="0.3"/>${grain(0.1)}`;
      break;
    }
    case "neon": {
      const glow = c.define(
        (id) =>
          `<filter id="${id}" x="-10%" y="-10%" width="120%" height="120%"><feGaussianBlur stdDeviation="5" result="b"/><feMerge><feMergeNode in="b"/><feMergeNode in="SourceGraphic"/></feMerge></filter>`,
      );
      styleSheet = `.motifs path,.motifs rect,.motifs circle,.motifs ellipse{stroke:${palette.accent2};stroke-width:2;fill-opacity:0.55}`;
      middleLayer = `<g filter="url(#${glow})">${middleLayer}</g>`;
      overlay = vignette(0.55);
      break;
    }
    case "vintage": {
      const film = c.define(
        (id) =>
          `<filter id="${id}"><feColorMatrix type="matrix" values="0.5 0.45 0.15 0 0.06  0.4 0.5 0.12 0 0.04  0.3 0.35 0.2 0 0.02  0 0 0 1 0"/></filter>`,
      );
      whole = `url(#${film})`;
      overlay = grain(0.18) + vignette(0.5);
      break;
    }
    case "photo": {
      const depth = c.define((id) => `<filter id="${id}"><feGaussianBlur stdDeviation="2.2"/></filter>`);
      backLayer = `<g filter="url(#${depth})">${backLayer}</g>`;
      overlay = grain(0.06) + vignette(0.4);
      break;
    }
    case "minimal":
    case "pixel":
      break;
    default:
      overlay = grain(0.07) + vignette(0.28);
  }
  let source = "";
  if (request.sourceDataUrl) {
    const soft = c.define((id) => `<filter id="${id}"><feGaussianBlur stdDeviation="3"/></filter>`);
    source = `<image href="${request.sourceDataUrl}" width="${width}" height="${n(height)}" preserveAspectRatio="xMidYMid slice" opacity="0.3" filter="url(#${soft})"/>`;
  }
  const body = `${backLayer}${middleLayer}${weather.join("")}${source}`;
  // Paint and ink pull edge pixels inwards: the paper under them shows as a deckled edge.
  const paper = whole ? `<rect width="${width}" height="${n(height)}" fill="#fbf6ea"/>` : "";
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${request.width}" height="${request.height}" viewBox="0 0 ${width} ${n(height)}">` +
    `<defs>${defs.join("")}</defs>${styleSheet ? `<style>${styleSheet}</style>` : ""}` +
    `${paper}${whole ? `<g filter="${whole}">${body}</g>` : body}${overlay}</svg>`
  );
}
