/** Where a media element's picture is drawn inside its box, for each CSS object-fit. Pure geometry. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type ObjectFit = 'contain' | 'cover' | 'fill' | 'none' | 'scale-down';

export function contentRect(
  fit: ObjectFit,
  boxWidth: number,
  boxHeight: number,
  mediaWidth: number,
  mediaHeight: number,
): Rect {
  if (!(mediaWidth > 0 && mediaHeight > 0)) return { x: 0, y: 0, width: boxWidth, height: boxHeight };
  let scale: number;
  switch (fit) {
    case 'fill':
      return { x: 0, y: 0, width: boxWidth, height: boxHeight };
    case 'cover':
      scale = Math.max(boxWidth / mediaWidth, boxHeight / mediaHeight);
      break;
    case 'none':
      scale = 1;
      break;
    case 'scale-down':
      scale = Math.min(1, boxWidth / mediaWidth, boxHeight / mediaHeight);
      break;
    default:
      scale = Math.min(boxWidth / mediaWidth, boxHeight / mediaHeight);
  }
  const width = mediaWidth * scale;
  const height = mediaHeight * scale;
  // object-position defaults to 50% 50%.
  return { x: (boxWidth - width) / 2, y: (boxHeight - height) / 2, width, height };
}
