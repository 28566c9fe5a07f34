/** One distinct, stable colour per class id (golden-angle hue steps). */
export function classColor(classId: number): string {
  return `hsl(${hueOf(classId)} 85% 55%)`;
}

const textColors = new Map<number, '#000' | '#fff'>();

/** Black or white, whichever reads better on classColor(classId) (WCAG contrast ratio); remembered per class. */
export function classTextColor(classId: number): '#000' | '#fff' {
  let color = textColors.get(classId);
  if (!color) {
    const luminance = relativeLuminance(hslToRgb(hueOf(classId), 0.85, 0.55));
    color = (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? '#000' : '#fff';
    textColors.set(classId, color);
  }
  return color;
}

function hueOf(classId: number): number {
  return (classId * 137.508) % 360;
}

/** CSS hsl() to sRGB in 0..1 (CSS Color 4's algorithm). */
function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    return lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [channel(0), channel(8), channel(4)];
}

function relativeLuminance([r, g, b]: [number, number, number]): number {
  const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}
