// Full-size images of a post, one at a time, with arrows and the alt text underneath.
import { useEffect, useState } from "react";
import type { MediaAttachment } from "../api/types.ts";
import { Modal } from "./modal.tsx";

export function Lightbox({
  media,
  start,
  onClose,
}: {
  media: MediaAttachment[];
  start: number;
  onClose: () => void;
}) {
  const [index, setIndex] = useState(start);
  const item = media[index];
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "ArrowRight") setIndex((i) => Math.min(media.length - 1, i + 1));
      if (event.key === "ArrowLeft") setIndex((i) => Math.max(0, i - 1));
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [media.length]);
  if (!item) return null;
  return (
    <Modal title={`Image ${index + 1} of ${media.length}`} onClose={onClose} className="lightbox" hideTitle>
      <figure>
        <img src={item.url ?? item.preview_url ?? ""} alt={item.description ?? ""} />
        {item.description ? <figcaption>{item.description}</figcaption> : null}
      </figure>
      {media.length > 1 ? (
        <div className="lightbox-nav">
          <button type="button" onClick={() => setIndex(index - 1)} disabled={index === 0}>
            ← Previous
          </button>
          <span>
            {index + 1} / {media.length}
          </span>
          <button type="button" onClick={() => setIndex(index + 1)} disabled={index === media.length - 1}>
            Next →
          </button>
        </div>
      ) : null}
    </Modal>
  );
}
