/** A redaction box in the screenshot's own pixels. */
export interface RedactionBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The box a drag from `start` to `end` (in displayed CSS pixels) covers in the image's pixels: corners in any
 * order, scaled by how much the canvas is shrunk on screen, clamped to the image. Tiny drags (a click) give none.
 */
export function dragToBox(
  start: { x: number; y: number },
  end: { x: number; y: number },
  scale: number,
  image: { width: number; height: number },
): RedactionBox | undefined {
  const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), max);
  const x1 = clamp(Math.min(start.x, end.x) * scale, image.width);
  const y1 = clamp(Math.min(start.y, end.y) * scale, image.height);
  const x2 = clamp(Math.max(start.x, end.x) * scale, image.width);
  const y2 = clamp(Math.max(start.y, end.y) * scale, image.height);
  if (x2 - x1 < 3 || y2 - y1 < 3) return undefined;
  return { x: Math.round(x1), y: Math.round(y1), width: Math.round(x2 - x1), height: Math.round(y2 - y1) };
}

/** Paints the screenshot and then every box solid black on `context`: what is sent is exactly what is shown. */
export function paintRedacted(
  context: CanvasRenderingContext2D,
  image: CanvasImageSource,
  boxes: readonly RedactionBox[],
): void {
  context.drawImage(image, 0, 0);
  context.fillStyle = '#000';
  for (const box of boxes) context.fillRect(box.x, box.y, box.width, box.height);
}
