import { useEffect, useRef } from 'preact/hooks';
import { dragToBox, paintRedacted } from '../lib/screenshot-redaction.ts';
import type { RedactionBox } from '../lib/screenshot-redaction.ts';

/** The screenshot on a canvas: drag to black out an area; what is sent is exactly what is shown. */
export function RedactableScreenshot({
  image,
  boxes,
  setBoxes,
  canvas,
}: {
  image: HTMLImageElement;
  boxes: RedactionBox[];
  setBoxes: (boxes: RedactionBox[]) => void;
  canvas: { current: HTMLCanvasElement | null };
}) {
  const drag = useRef<{ x: number; y: number } | undefined>(undefined);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (context) paintRedacted(context, image, boxes);
  }, [canvas, image, boxes]);
  const point = (event: PointerEvent) => {
    const rect = canvas.current!.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  const scale = () => (canvas.current ? image.naturalWidth / canvas.current.getBoundingClientRect().width : 1);
  return (
    <figure>
      <canvas
        ref={canvas}
        class="screenshot"
        data-testid="screenshot-canvas"
        width={image.naturalWidth}
        height={image.naturalHeight}
        aria-label={`Screenshot; drag to black out an area. ${boxes.length} area(s) blacked out.`}
        onPointerDown={(event) => (drag.current = point(event))}
        onPointerUp={(event) => {
          const box =
            drag.current &&
            dragToBox(drag.current, point(event), scale(), { width: image.naturalWidth, height: image.naturalHeight });
          drag.current = undefined;
          if (box) setBoxes([...boxes, box]);
        }}
      />
      <figcaption>
        Drag over anything private to black it out.{' '}
        <button type="button" disabled={!boxes.length} onClick={() => setBoxes(boxes.slice(0, -1))}>
          Undo box
        </button>
      </figcaption>
    </figure>
  );
}
