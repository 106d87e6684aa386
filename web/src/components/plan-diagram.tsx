import { useRef, useState } from 'react';

const zooms = [0.5, 0.75, 1, 1.5, 2, 3] as const;

/**
 * The landscape diagram (GET /api/plan/diagram.svg) as an image: fitted to the width (at full
 * size on a phone), zoomable with buttons, scrolling inside its own box (so a phone can pan it).
 */
export function PlanDiagram() {
  const [naturalWidth, setNaturalWidth] = useState<number>();
  const [zoom, setZoom] = useState<number>();
  const [failed, setFailed] = useState(false);
  const box = useRef<HTMLElement>(null);
  const index = zoom === undefined ? -1 : zooms.indexOf(zoom as (typeof zooms)[number]);
  const step = (by: number) => {
    const from = index < 0 ? zooms.indexOf(1) : index;
    setZoom(zooms[Math.min(zooms.length - 1, Math.max(0, from + by))]);
  };
  const width = zoom === undefined || naturalWidth === undefined ? undefined : naturalWidth * zoom;
  return (
    <figure className="plan-diagram">
      <fieldset className="plan-diagram-tools">
        <legend className="visually-hidden">Diagram zoom</legend>
        <button type="button" onClick={() => step(-1)} disabled={index === 0} aria-label="Zoom out">
          −
        </button>
        <span className="small" aria-live="polite">
          {zoom === undefined ? 'fitted' : `${Math.round(zoom * 100)}%`}
        </span>
        <button
          type="button"
          onClick={() => step(1)}
          disabled={index === zooms.length - 1}
          aria-label="Zoom in"
        >
          +
        </button>
        <button type="button" onClick={() => setZoom(undefined)} disabled={zoom === undefined}>
          Fit
        </button>
        <a className="small" href="/api/plan/diagram.svg" download="landscape.svg">
          Download SVG
        </a>
      </fieldset>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must take focus so a keyboard can scroll it */}
      <section ref={box} className="plan-diagram-box" tabIndex={0} aria-label="Landscape diagram (scrolls)">
        {failed ? (
          <p className="error-box">
            The diagram could not be drawn; reload the page, or run <code>syncline plan diagram</code>.
          </p>
        ) : (
          <img
            src="/api/plan/diagram.svg"
            alt="The project's systems grouped by kind, with an arrow for each flow from its source to its target system"
            style={width === undefined ? { width: '100%' } : { width: `${width}px`, maxWidth: 'none' }}
            onLoad={(event) => {
              const natural = event.currentTarget.naturalWidth;
              setNaturalWidth(natural);
              // Fitted into a phone's width the labels are too small to read: show it at full
              // size there, to pan.
              if ((box.current?.clientWidth ?? natural) < natural * 0.6) setZoom(1);
            }}
            onError={() => setFailed(true)}
          />
        )}
      </section>
      <figcaption className="muted small">
        Systems (boxes, by kind) and the flows between them (arrows). The tables below list the same.
      </figcaption>
    </figure>
  );
}
