// A post's images: a 1–4 tile grid with blurhash placeholders, an ALT badge that shows the
// description, sensitive media hidden behind a button, and a lightbox on click.
import { useState } from "react";
import type { MediaAttachment } from "../api/types.ts";
import { Blurhash } from "./blurhash.tsx";
import { Lightbox } from "./lightbox.tsx";

function Tile({ item, onOpen, index }: { item: MediaAttachment; onOpen: () => void; index: number }) {
  const [loaded, setLoaded] = useState(false);
  const [showAlt, setShowAlt] = useState(false);
  const label = item.description ? `Open image: ${item.description}` : `Open image ${index + 1}`;
  return (
    <div className="media-tile">
      {item.blurhash && !loaded ? <Blurhash hash={item.blurhash} /> : null}
      <button type="button" className="media-open" onClick={onOpen} aria-label={label}>
        <img
          src={item.preview_url ?? item.url ?? ""}
          alt={item.description ?? ""}
          loading="lazy"
          decoding="async"
          onLoad={() => setLoaded(true)}
          className={loaded ? "loaded" : undefined}
        />
      </button>
      {item.description ? (
        <>
          <button
            type="button"
            className="alt-badge"
            aria-expanded={showAlt}
            onClick={() => setShowAlt(!showAlt)}
          >
            ALT<span className="visually-hidden">: show image description</span>
          </button>
          {showAlt ? <p className="alt-text">{item.description}</p> : null}
        </>
      ) : null}
    </div>
  );
}

export function MediaGrid({ media, sensitive }: { media: MediaAttachment[]; sensitive: boolean }) {
  const [open, setOpen] = useState<number | null>(null);
  const [revealed, setRevealed] = useState(!sensitive);
  const images = media.filter((m) => m.type === "image" || m.type === "gifv");
  if (!images.length) return null;
  return (
    <div className={`media-grid media-${Math.min(images.length, 4)}`}>
      {revealed ? (
        images
          .slice(0, 4)
          .map((item, i) => <Tile key={item.id} item={item} index={i} onOpen={() => setOpen(i)} />)
      ) : (
        <button type="button" className="media-sensitive" onClick={() => setRevealed(true)}>
          Sensitive media — show
        </button>
      )}
      {open !== null ? <Lightbox media={images} start={open} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
