// Export of the drawing: SVG with the theme's computed styles written inline (the file must look the same
// outside VS Code, where the --vscode-* variables do not exist), and PNG drawn from that SVG into a canvas.
const STYLE_PROPS = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "stroke-opacity",
  "opacity",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "text-decoration",
  "text-anchor",
  "dominant-baseline",
  "visibility",
  "display",
];

/**
 * Serializes the graph SVG at zoom 1, cropped to the drawing, with every style resolved and inlined. The
 * resolved values go into presentation attributes, not `style` attributes, which the page's CSP forbids.
 */
export function serializeSvg(svg: SVGSVGElement, content: { width: number; height: number }, background: string): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...svg.querySelectorAll("*")];
  const dst = [clone, ...clone.querySelectorAll("*")];
  for (let i = 0; i < src.length && i < dst.length; i++) {
    const cs = getComputedStyle(src[i]!);
    for (const p of STYLE_PROPS) {
      const v = cs.getPropertyValue(p);
      if (v) dst[i]!.setAttribute(p, v);
    }
    dst[i]!.removeAttribute("style");
    dst[i]!.removeAttribute("class");
  }
  const viewport = clone.querySelector("[data-viewport]");
  viewport?.removeAttribute("transform");
  clone.querySelectorAll("[data-export-skip]").forEach((e) => e.remove());
  const w = Math.ceil(content.width);
  const h = Math.ceil(content.height);
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("width", String(w));
  clone.setAttribute("height", String(h));
  clone.setAttribute("viewBox", `0 0 ${w} ${h}`);
  const bg = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  bg.setAttribute("width", String(w));
  bg.setAttribute("height", String(h));
  bg.setAttribute("fill", background);
  clone.insertBefore(bg, clone.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

/** Draws an SVG text into a canvas (at `scale`) and returns a PNG data URL. */
export function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<string> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.ceil(width * scale));
      canvas.height = Math.max(1, Math.ceil(height * scale));
      const ctx = canvas.getContext("2d");
      if (!ctx) return reject(new Error("No 2D canvas."));
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0, width, height);
      resolve(canvas.toDataURL("image/png"));
    };
    img.onerror = () => reject(new Error("The SVG could not be drawn into a canvas."));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  });
}
