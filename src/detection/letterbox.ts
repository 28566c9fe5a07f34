import type { Box, Letterbox, PreprocessSpec } from './types';

/** Where a frame of the given size lands inside the model input (scale to fit, keep aspect ratio). */
export function computeLetterbox(
  frameWidth: number,
  frameHeight: number,
  spec: Pick<PreprocessSpec, 'width' | 'height' | 'padding' | 'rounding'> & Partial<Pick<PreprocessSpec, 'resize'>>,
): Letterbox {
  if (!(frameWidth > 0 && frameHeight > 0)) throw new Error(`Frame has no pixels (${frameWidth}x${frameHeight})`);
  if (spec.resize === 'stretch') {
    // Plain resize: the whole frame fills the input, each axis scaled on its own.
    const [inputWidth, inputHeight] = [spec.width, spec.height];
    const common = {
      padX: 0,
      padY: 0,
      resizedWidth: inputWidth,
      resizedHeight: inputHeight,
      inputWidth,
      inputHeight,
      frameWidth,
      frameHeight,
    };
    return { scale: inputWidth / frameWidth, scaleY: inputHeight / frameHeight, ...common };
  }
  const scale = Math.min(spec.width / frameWidth, spec.height / frameHeight);
  const toPixels = spec.rounding === 'round' ? roundHalfEven : Math.floor;
  const resizedWidth = Math.max(1, Math.min(spec.width, toPixels(frameWidth * scale)));
  const resizedHeight = Math.max(1, Math.min(spec.height, toPixels(frameHeight * scale)));
  let padX = 0;
  let padY = 0;
  if (spec.padding === 'center') {
    // Ultralytics' rounding: round(d/2 - 0.1) on the left/top side.
    padX = roundHalfEven((spec.width - resizedWidth) / 2 - 0.1);
    padY = roundHalfEven((spec.height - resizedHeight) / 2 - 0.1);
  }
  return {
    scale,
    scaleY: scale,
    padX,
    padY,
    resizedWidth,
    resizedHeight,
    inputWidth: spec.width,
    inputHeight: spec.height,
    frameWidth,
    frameHeight,
  };
}

/** Python's round(): halves go to the even neighbour (Ultralytics sizes its letterbox with it). No -0. */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  const rounded = fraction > 0.5 || (fraction === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
  return rounded + 0;
}

/** Maps a box from model-input pixels back to frame pixels, clipped to the frame. */
export function boxToFrame(box: Box, lb: Letterbox): Box {
  const clip = (v: number, max: number) => Math.min(Math.max(v, 0), max);
  return [
    clip((box[0] - lb.padX) / lb.scale, lb.frameWidth),
    clip((box[1] - lb.padY) / lb.scaleY, lb.frameHeight),
    clip((box[2] - lb.padX) / lb.scale, lb.frameWidth),
    clip((box[3] - lb.padY) / lb.scaleY, lb.frameHeight),
  ];
}

/** Maps a box from frame pixels to model-input pixels (the inverse of boxToFrame, without clipping). */
export function boxToInput(box: Box, lb: Letterbox): Box {
  return [
    box[0] * lb.scale + lb.padX,
    box[1] * lb.scaleY + lb.padY,
    box[2] * lb.scale + lb.padX,
    box[3] * lb.scaleY + lb.padY,
  ];
}
