/** One distinct, stable colour per class id (golden-angle hue steps). */
export function classColor(classId: number): string {
  return `hsl(${(classId * 137.508) % 360} 85% 55%)`;
}
